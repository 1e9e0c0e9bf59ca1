export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

export function perMtok(usd: number): string {
  return `$${Number(usd.toPrecision(4))}/Mtok`;
}

/** "task type X" or "all task types", for titles. */
export function taskPhrase(taskType: string): string {
  return taskType === '' ? 'untyped' : `"${taskType}"`;
}
