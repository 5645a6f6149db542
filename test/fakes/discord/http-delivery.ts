/**
 * Discord's other way of delivering interactions: a signed HTTPS POST to the
 * application's Interactions Endpoint URL, whose response is the callback.
 * The fake signs with its own Ed25519 key (the bot gets `publicKey` as
 * DISCORD_PUBLIC_KEY) and spreads requests over the endpoints round-robin,
 * as a load balancer in front of several replicas would.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request } from 'node:http';

export interface EndpointAnswer {
  status: number;
  body: string;
  /** The body as bytes, with its type: a callback with files is multipart/form-data. */
  raw: Buffer;
  contentType: string;
  url: string;
}

export interface SignatureOverride {
  /** Replaces the signature header; `null` leaves the header out. */
  signature?: string | null;
  /** Replaces the timestamp header (Unix seconds); `null` leaves it out. */
  timestamp?: string | null;
}

export class InteractionsEndpoint {
  readonly publicKey: string;
  readonly #privateKey: KeyObject;
  #urls: string[] = [];
  #next = 0;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // The raw 32-byte key is the last 32 bytes of its SPKI encoding; Discord shows it as hex.
    this.publicKey = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    this.#privateKey = privateKey;
  }

  get enabled(): boolean {
    return this.#urls.length > 0;
  }

  use(urls: string[]): void {
    this.#urls = [...urls];
    this.#next = 0;
  }

  /** Discord's two headers for `body`, signed now (or at `timestampSeconds`). */
  sign(body: string | Buffer, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
    const timestamp = String(timestampSeconds);
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), this.#privateKey).toString('hex');
    return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }

  /** The next endpoint in turn. */
  nextUrl(): string {
    const url = this.#urls[this.#next % this.#urls.length];
    if (url === undefined) throw new Error('FakeDiscord: no interactions endpoint set (useInteractionsEndpoint)');
    this.#next += 1;
    return url;
  }

  /** POSTs `body` to `url`, signed unless `override` says otherwise. */
  post(url: string, body: string | Buffer, override: SignatureOverride = {}): Promise<EndpointAnswer> {
    const signed = this.sign(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)' };
    const signature = override.signature === undefined ? signed['x-signature-ed25519'] : override.signature;
    const timestamp = override.timestamp === undefined ? signed['x-signature-timestamp'] : override.timestamp;
    if (signature !== null && signature !== undefined) headers['x-signature-ed25519'] = signature;
    if (timestamp !== null && timestamp !== undefined) headers['x-signature-timestamp'] = timestamp;
    return new Promise<EndpointAnswer>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: raw.toString('utf8'), raw, contentType: res.headers['content-type'] ?? '', url });
        });
        res.on('error', reject);
      });
      // Discord gives an endpoint 3 seconds; a little more here so a slow answer is reported, not cut off.
      req.setTimeout(5_000, () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
