import { connect, type ClientHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../../src/auth/api-keys.js';
import { OtlpGrpcReceiver } from '../../../src/receivers/otlp/grpc.js';
import { ReceiverStats } from '../../../src/receivers/otlp/stats.js';
import { decodeOnly } from '../../support/processing.js';
import { makeSpanBatches } from '../../../src/bench/span-factory.js';
import { grpcExport, rawTraceClient } from '../../e2e/fixtures/raw-grpc.js';

const MiB = 1024 * 1024;

describe('OTLP/gRPC receiver: HTTP/2 flow control', () => {
  const receiver = new OtlpGrpcReceiver(
    { endpoint: '127.0.0.1:0', max_recv_msg_size_mib: 20 },
    { processing: decodeOnly(), next: { consume: async () => {} }, keys: new ApiKeyStore([]), stats: new ReceiverStats(), admission: () => undefined },
  );
  beforeAll(() => receiver.start());
  afterAll(() => receiver.shutdown());

  // What a sender sees on connecting: how much it may send before the server must answer.
  it('grants each stream 1 MiB and the connection 8 MiB, not HTTP/2’s 64 KiB', async () => {
    const session: ClientHttp2Session = connect(`http://127.0.0.1:${receiver.boundPort}`);
    try {
      // The server sends its windows (a SETTINGS frame and a WINDOW_UPDATE) as the session opens;
      // the answer to a ping sent after connecting comes after both.
      await new Promise<void>((resolve) => session.once('connect', () => resolve()));
      await new Promise<void>((resolve, reject) => session.ping((error) => (error ? reject(error) : resolve())));
      expect(session.remoteSettings.initialWindowSize).toBe(MiB);
      expect(session.state.remoteWindowSize).toBe(8 * MiB);
    } finally {
      session.close();
    }
  });

  it('still answers an export of several windows’ worth', async () => {
    const body = Buffer.from(makeSpanBatches(1, 4096)[0]!);
    expect(body.length).toBeGreaterThan(2 * MiB);
    const client = rawTraceClient(`127.0.0.1:${receiver.boundPort}`);
    try {
      const { error } = await grpcExport(client, body);
      expect(error).toBeNull();
    } finally {
      client.close();
    }
  });
});
