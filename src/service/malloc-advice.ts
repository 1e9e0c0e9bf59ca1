/**
 * glibc's malloc, left to itself, raises its mmap threshold the first time a large block is freed;
 * from then on the ~200–350 KB buffers each export request passes through stay in the threads'
 * arenas. Fixed at 128 KiB, the bench's sustained overload peaked ~35–55 MiB lower (21–60 since
 * DuckDB hands back the memory it frees, 2026-12-05), at 90–100% of the throughput (README:
 * Memory). glibc reads the setting only when the process starts, so the server cannot apply it
 * itself: start-up says whether it is in force, and how to set it when not.
 */
export const MMAP_THRESHOLD_TUNABLE = 'glibc.malloc.mmap_threshold=131072';

/** GLIBC_TUNABLES without any mmap threshold setting ('' when nothing else is left). */
export function withoutMmapThreshold(tunables: string | undefined): string {
  return (tunables ?? '').split(':').filter((tunable) => tunable !== '' && !isMmapThreshold(tunable)).join(':');
}

/** GLIBC_TUNABLES with the threshold fixed as MMAP_THRESHOLD_TUNABLE says, the rest kept. */
export function withMmapThreshold(tunables: string | undefined): string {
  return [withoutMmapThreshold(tunables), MMAP_THRESHOLD_TUNABLE].filter((part) => part !== '').join(':');
}

function isMmapThreshold(tunable: string): boolean {
  return tunable.startsWith('glibc.malloc.mmap_threshold=');
}

/** The start-up line about the allocator; null where the C library is not glibc (the setting means nothing there). */
export function mallocAdvice(tunables: string | undefined, glibcVersion: string | undefined): string | null {
  if (glibcVersion === undefined) return null;
  if (tunables?.split(':').some(isMmapThreshold)) {
    return `glibc ${glibcVersion}, mmap threshold set by GLIBC_TUNABLES`;
  }
  return `glibc ${glibcVersion} defaults; GLIBC_TUNABLES=${MMAP_THRESHOLD_TUNABLE} takes ~20–60 MiB off peak memory under load`;
}

/** The running glibc's version, as Node's diagnostic report gives it (undefined elsewhere). */
export function runningGlibcVersion(): string | undefined {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime;
}
