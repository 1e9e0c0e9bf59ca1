import { loadConfig } from '../../config/load.js';
import { parseCommandArgs, configOption } from '../args.js';
import type { Command } from '../command.js';
import { resolveConfigPath } from '../config-path.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a configuration file and print what it would run',
  usage: 'tokentally validate [--config FILE]',
  async run(argv) {
    const { values } = parseCommandArgs(argv, configOption);
    const path = resolveConfigPath(values.config);
    const config = loadConfig(path);
    const p = config.service.pipelines.traces;
    console.log(`${path ?? 'defaults'}: valid`);
    console.log(`  traces pipeline: ${p.receivers.join(', ')} -> ${p.processors.join(' -> ')} -> ${p.exporters.join(', ')}`);
    console.log(`  database: ${config.exporters.duckdb.path}; API: ${config.api.endpoint}; API keys: ${config.auth.api_keys.length}; budgets: ${config.budgets.length}`);
    return 0;
  },
};
