import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long CLI work (bench, export, re-pricing, demo); silent when
 * stderr is not a terminal so scripts and CI logs stay clean.
 */
export function progressBar(label: string): { update(phase: string, done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% | {value}/{total} | {phase}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(phase, done, total) {
      if (!started) {
        bar.start(total, done, { phase });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { phase });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
