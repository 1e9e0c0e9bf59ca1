import { describe, expect, it } from 'vitest';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { UsageError } from '../../src/cli/command.js';

describe('tokentally bench: bad options are refused before anything starts', () => {
  it.each([
    [['--batches', '5'], '--batches must be an integer of at least 10'],
    [['--overload-batches', '3'], '--overload-batches must be an integer of at least 10'],
    [['--overload-batches', 'many'], '--overload-batches must be an integer of at least 10'],
    [['--concurrency', '0'], '--concurrency must be an integer from 1 to 256'],
  ])('%j', async (argv, message) => {
    const run = benchCommand.run(argv);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(message);
  });
});
