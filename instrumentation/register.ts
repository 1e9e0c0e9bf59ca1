/**
 * `node --import tokentally/register agent.js`: cost tracking for an existing agent, configured
 * by environment variables alone (see instrumentation/README.md).
 */
import { startTokentally } from './sdk/start.js';

try {
  await startTokentally();
} catch (error) {
  // Whatever went wrong, the agent runs, only untracked.
  process.emitWarning(`tokentally: instrumentation not started: ${error instanceof Error ? error.message : String(error)}`, {
    code: 'TOKENTALLY_START_FAILED',
  });
}
