import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with tokentally's error type, so a typo prints the usage. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --config FILE, else $TOKENTALLY_CONFIG, else ./otel-config.yaml when present. */
export const configOption = { config: { type: 'string', short: 'c' } } as const;
