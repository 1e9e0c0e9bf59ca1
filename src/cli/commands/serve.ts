import { loadConfig } from '../../config/load.js';
import { startService } from '../../service/service.js';
import { startupBanner } from '../../service/banner.js';
import { parseCommandArgs, configOption } from '../args.js';
import type { Command } from '../command.js';
import { resolveConfigPath } from '../config-path.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the collector: OTLP receivers, pricing, DuckDB storage, budgets and the API',
  usage: 'tokentally serve [--config FILE]',
  async run(argv) {
    const { values } = parseCommandArgs(argv, configOption);
    const path = resolveConfigPath(values.config);
    const config = loadConfig(path);
    const service = await startService(config);
    console.log(startupBanner(config, service.ports, service.authOpen, path ?? 'defaults (no otel-config.yaml)'));
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          console.error(`tokentally: ${signal} again, exiting without waiting`);
          process.exit(1);
        }
        stopping = true;
        console.log(`tokentally: ${signal} received; draining and committing accepted spans…`);
        service.shutdown().then(resolve, (error: unknown) => {
          console.error('tokentally: shutdown failed', error);
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    console.log('tokentally: stopped');
    return 0;
  },
};
