import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/** A self-signed certificate for `localhost` (made with openssl when the test runs; nothing is committed). */
export function selfSignedCertificate(commonName = 'localhost'): { key: string; cert: string; certPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'studybot-tls-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=DNS:${commonName}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

/**
 * Postgres with TLS, as RDS serves it: answers the client's SSLRequest with
 * 'S', completes the TLS handshake with `cert`, then relays the decrypted
 * protocol to a plain Postgres server behind it.
 */
export async function startTlsPostgresProxy(
  upstream: { host: string; port: number },
  credentials: { key: string; cert: string },
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (first: Buffer) => {
      // SSLRequest: length 8, code 80877103.
      if (first.length !== 8 || first.readInt32BE(4) !== 80877103) return client.destroy();
      client.write('S');
      const secure = new tls.TLSSocket(client, { isServer: true, key: credentials.key, cert: credentials.cert });
      secure.on('error', () => client.destroy());
      const plain = net.connect(upstream.port, upstream.host);
      plain.on('error', () => secure.destroy());
      secure.pipe(plain).pipe(secure);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
