import type { Command } from '../command.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { benchCommand } from './bench.js';
import { repriceCommand } from './reprice.js';
import { demoCommand } from './demo.js';
import { recommendCommand } from './recommend.js';

/** Every `tokentally` sub-command, in the order `tokentally --help` lists them. */
export const commands: Command[] = [serveCommand, validateCommand, demoCommand, recommendCommand, repriceCommand, benchCommand];
