import type { Command } from '../command.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { benchCommand } from './bench.js';
import { repriceCommand } from './reprice.js';
import { demoCommand } from './demo.js';
import { recommendCommand } from './recommend.js';
import { usageCommand } from './usage.js';
import { breakdownCommand } from './breakdown.js';
import { runsCommand } from './runs.js';
import { topCommand } from './top.js';
import { exportCommand } from './export.js';
import { sqlCommand } from './sql.js';

/** Every `tokentally` sub-command, in the order `tokentally --help` lists them. */
export const commands: Command[] = [
  serveCommand,
  validateCommand,
  demoCommand,
  usageCommand,
  breakdownCommand,
  runsCommand,
  topCommand,
  recommendCommand,
  exportCommand,
  sqlCommand,
  repriceCommand,
  benchCommand,
];
