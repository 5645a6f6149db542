import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createServerDatabase } from '../support/database.js';
import { selfSignedCertificate, startTlsPostgresProxy } from '../support/tls-postgres-proxy.js';

/**
 * DATABASE_URL's sslmode against a Postgres that speaks TLS with a
 * certificate no public authority signed (as RDS does): a connection that
 * requires TLS must verify it, and succeed only with the right bundle.
 */
let server: { url: string; drop(): Promise<void> };
let proxy: { port: number; close(): Promise<void> };
let certPath: string;
let other: string;

beforeAll(async () => {
  server = await createServerDatabase();
  const upstream = new URL(server.url);
  const credentials = selfSignedCertificate('localhost');
  certPath = credentials.certPath;
  other = selfSignedCertificate('localhost').certPath;
  proxy = await startTlsPostgresProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) }, credentials);
});

afterAll(async () => {
  await proxy?.close();
  await server?.drop();
});

/** DATABASE_URL pointing at the TLS proxy, as `localhost`, with these query parameters. */
function through(params: string): string {
  const url = new URL(server.url);
  url.hostname = 'localhost';
  url.port = String(proxy.port);
  return `${url.toString()}?${params}`;
}

describe('GIVEN a Postgres whose certificate only its own CA bundle vouches for', () => {
  it('WHEN sslmode=require (what guides often say) THEN the certificate is checked and the connection refused', async () => {
    await expect(openDatabase({ kind: 'postgres', url: through('sslmode=require') })).rejects.toThrow(/self[- ]signed certificate/i);
  });

  it('WHEN sslmode=verify-full with another bundle THEN it is refused', async () => {
    await expect(openDatabase({ kind: 'postgres', url: through(`sslmode=verify-full&sslrootcert=${other}`) })).rejects.toThrow(/certificate/i);
  });

  it('WHEN sslmode=verify-full with its bundle THEN the bot connects, migrates and queries over TLS', async () => {
    const database = await openDatabase({ kind: 'postgres', url: through(`sslmode=verify-full&sslrootcert=${certPath}`) });
    try {
      await database.ping();
    } finally {
      await database.close();
    }
  });

  it('WHEN the host name does not match the certificate THEN verify-full refuses and verify-ca accepts', async () => {
    const byIp = (params: string) => through(params).replace('//postgres@localhost:', '//postgres@127.0.0.1:');
    await expect(openDatabase({ kind: 'postgres', url: byIp(`sslmode=verify-full&sslrootcert=${certPath}`) })).rejects.toThrow(
      /IP: 127\.0\.0\.1 is not in the cert's list|does not match/i,
    );
    const database = await openDatabase({ kind: 'postgres', url: byIp(`sslmode=verify-ca&sslrootcert=${certPath}`) });
    await database.ping();
    await database.close();
  });

  it('WHEN sslmode=no-verify (an explicit opt-out) THEN it connects without checking', async () => {
    const database = await openDatabase({ kind: 'postgres', url: through('sslmode=no-verify') });
    await database.ping();
    await database.close();
  });
});
