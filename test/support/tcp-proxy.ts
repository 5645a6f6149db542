import net from 'node:net';
import { createServerDatabase } from './database.js';

/** A TCP proxy on 127.0.0.1 that a test can slow down, stall, cut and restore: a database in trouble. */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  /** Added to every answer from the database: makes each round trip slow. */
  delayMs = 0;
  /**
   * Drops every byte in both directions while the connections stay open, and
   * new ones open to nothing: a silent partition (a failover behind a stale
   * address, a security group change), where no reset ever arrives.
   */
  stalled = false;
  /** Answers held back (in order) while `hold()` is on, released by `letGo()`. */
  private held: Array<() => void> | undefined;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.on('data', (chunk: Buffer) => {
        if (!this.stalled) upstream.write(chunk);
      });
      const answer = (chunk: Buffer): void => {
        if (this.held) this.held.push(() => client.write(chunk));
        else client.write(chunk);
      };
      upstream.on('data', (chunk: Buffer) => {
        if (this.stalled) return;
        if (this.delayMs === 0) answer(chunk);
        else setTimeout(() => answer(chunk), this.delayMs);
      });
      // A close on either side (an end, or a reset seen as an error) closes the other, as a real network path would.
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** From now on, answers (those on their way included) wait for `letGo()`: a moment frozen for a test to act in. */
  hold(): void {
    this.held ??= [];
  }

  /** Sends the answers held back, in order, and lets the next ones through. */
  letGo(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const send of held) send();
  }

  /** Refuses new connections and drops the open ones. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** A test database on the real Postgres, and the URL that reaches it through a TcpProxy the test controls. */
export async function proxiedServerDatabase(): Promise<{ server: { url: string; drop(): Promise<void> }; proxy: TcpProxy; url: string }> {
  const server = await createServerDatabase();
  const url = new URL(server.url);
  const proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.start();
  url.host = `127.0.0.1:${proxy.port}`;
  return { server, proxy, url: url.toString() };
}
