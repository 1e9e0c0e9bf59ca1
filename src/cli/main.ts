#!/usr/bin/env node
import { commands } from './commands/index.js';
import { UsageError } from './command.js';
import { ConfigError } from '../config/load.js';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'tokentally: cost collector for AI agents (OTLP gen_ai spans in, priced calls and budgets out)',
    '',
    'usage: tokentally <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `tokentally <command> --help` for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`tokentally: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tokentally ${name}: ${error.message}\nusage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`tokentally: ${error.message}`);
      return 1;
    }
    console.error(`tokentally ${name}: ${(error as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
