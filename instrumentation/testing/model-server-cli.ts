/**
 * Runs the model test server for a demo: `node dist/instrumentation/testing/model-server-cli.js [port]`
 * and point the agent's SDKs at it with the two variables it prints.
 */
import { startModelServer } from './model-server.js';

const port = Number(process.argv[2] ?? 0);
const server = await startModelServer({ port: Number.isInteger(port) && port >= 0 ? port : 0 });
process.stdout.write(`OPENAI_BASE_URL=${server.openaiBaseUrl}\nANTHROPIC_BASE_URL=${server.anthropicBaseUrl}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
