import { nanosToUsd } from '../util/money.js';

/** Dollars for sentences: cents from a dollar up, two significant digits below. */
export function dollars(nanos: number): string {
  const usd = nanosToUsd(nanos);
  return Math.abs(usd) >= 1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2))}`;
}

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
