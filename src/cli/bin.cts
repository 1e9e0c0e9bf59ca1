#!/usr/bin/env node
/**
 * The `tokentally` command: sizes libuv's thread pool, then runs the CLI (main.ts).
 *
 * The pool runs every DuckDB statement the server awaits (the writer's commits, the API's
 * queries) besides gzip and file work, and each pool thread that runs DuckDB statements grows a
 * glibc malloc arena of its own to the size of what a statement allocates outside DuckDB's
 * buffer pool; successive commits land on successive threads, so the pool's size multiplies that
 * footprint. Through the bench's sustained overload (2026-12-05, alternating): 4 threads (Node's
 * default) peaked at 533–558 MiB in eight runs, 2 at 528–539 in six, 1 at 499–519 in five, at the
 * same accepted rate, and the 16-sender rate was the same with 2 as with 4. One thread would make a
 * long export hold up every commit; with two, the writer's statement and one query run at once
 * and further queries wait their turn.
 *
 * CommonJS on purpose: libuv reads UV_THREADPOOL_SIZE once, when the pool starts, and Node's ESM
 * loader starts it (reading module files) before any ES module's code runs. A size set in the
 * environment is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= '2';
void import('./main.js');
