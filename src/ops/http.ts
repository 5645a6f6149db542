import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  /** true, false, or 'standby' (ready, but another replica holds the connection). */
  check(): Promise<boolean | 'standby'> | boolean | 'standby';
}

export interface OpsRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * /healthz (the process is alive and its event loop responsive), /readyz
 * (every dependency answers: database, each platform connection) and
 * /metrics. Served on PORT, or as Bolt custom routes in Slack HTTP mode.
 */
export function opsRoutes(metrics: Metrics, checks: () => ReadinessCheck[]): OpsRoute[] {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json'): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        // Answering at all proves the loop turns; a loop stalled for seconds would not answer in time anyway.
        const lagMs = loop.max / 1e6;
        loop.reset();
        send(res, lagMs < 5000 ? 200 : 503, { status: lagMs < 5000 ? 'ok' : 'stalled', eventLoopMaxLagMs: Math.round(lagMs) });
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void Promise.all(
          checks().map(async (c) => {
            try {
              return [c.name, await c.check()] as const;
            } catch {
              return [c.name, false as const] as const;
            }
          }),
        ).then((results) => {
          const ready = results.every(([, ok]) => ok !== false);
          send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
        });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        void metrics.registry.metrics().then((text) => send(res, 200, text, metrics.registry.contentType));
      },
    },
  ];
}

/** A small HTTP server for the routes, when Slack's receiver does not already own PORT. */
export async function startOpsServer(port: number, routes: OpsRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    const route = routes.find((r) => r.path === (req.url ?? '').split('?')[0] && r.method.includes(req.method ?? 'GET'));
    if (route) route.handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    }
  });
  keepConnectionsOpenForLoadBalancers(server);
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}

/**
 * Node closes an idle keep-alive connection after 5 s; an AWS load balancer keeps its side open
 * for 60 s and may send the next request on a socket Node is closing, which the caller (Discord,
 * Slack) sees as a 502. The server must be the one that waits longer.
 */
export function keepConnectionsOpenForLoadBalancers(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
