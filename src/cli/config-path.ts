import { existsSync } from 'node:fs';

/** --config FILE, else $TOKENTALLY_CONFIG, else ./otel-config.yaml when it exists, else defaults. */
export function resolveConfigPath(flag: string | undefined): string | undefined {
  if (flag) return flag;
  if (process.env.TOKENTALLY_CONFIG) return process.env.TOKENTALLY_CONFIG;
  return existsSync('otel-config.yaml') ? 'otel-config.yaml' : undefined;
}
