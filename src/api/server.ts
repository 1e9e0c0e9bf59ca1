import type { Server } from 'node:http';
import express, { type Router } from 'express';
import type { Component } from '../pipeline/component.js';
import { errorHandler, unknownRoute } from './errors.js';
import { listen, closeServer, type HostPort } from '../util/net.js';

export interface ApiServerConfig {
  endpoint: HostPort;
}

/**
 * The analytics API, dashboard and /metrics on one express app (port 4319). Routes come from
 * route modules (src/api/routes/*.ts) that the service assembles with their dependencies.
 */
export class ApiServer implements Component {
  private server: Server | undefined;
  readonly app = express();
  boundPort = 0;

  constructor(private readonly config: ApiServerConfig, routers: Router[]) {
    this.app.disable('x-powered-by');
    this.app.set('json spaces', 0);
    this.app.use(express.json({ limit: '1mb' }));
    for (const router of routers) this.app.use(router);
    this.app.use(unknownRoute);
    this.app.use(errorHandler);
  }

  async start(): Promise<void> {
    const { server, port } = await listen(this.app, this.config.endpoint);
    this.server = server;
    this.boundPort = port;
  }

  async shutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }
}
