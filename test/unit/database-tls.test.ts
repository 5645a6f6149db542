import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { connectionTarget } from '../../src/db/tls.js';

describe('DATABASE_URL and TLS', () => {
  it('GIVEN sslmode=require THEN TLS is verified (postgres.js alone would accept any certificate)', () => {
    const { url, ssl } = connectionTarget('postgres://bot:pw@db.example.com:5432/studybot?sslmode=require&application_name=studybot');
    expect(ssl).toMatchObject({ rejectUnauthorized: true, servername: 'db.example.com' });
    expect(url).toBe('postgres://bot:pw@db.example.com:5432/studybot?application_name=studybot');
  });

  it("GIVEN sslrootcert=rds THEN the RDS certificate authorities are trusted, today's regional ones included", () => {
    const { ssl } = connectionTarget('postgres://bot:pw@x.abc.us-east-1.rds.amazonaws.com/studybot?sslmode=verify-full&sslrootcert=rds');
    const subjects = ((ssl as { ca: string[] }).ca ?? []).map((pem) => new X509Certificate(pem).subject);
    expect(subjects.some((s) => s.includes('CN=Amazon RDS us-east-1 Root CA RSA2048 G1'))).toBe(true);
    expect(subjects.some((s) => s.includes('CN=Amazon RDS eu-west-1 Root CA ECC384 G1'))).toBe(true);
  });

  it('GIVEN no sslmode, disable, prefer or no-verify THEN what they say, and nothing else', () => {
    expect(connectionTarget('postgres://localhost/db').ssl).toBe(false);
    expect(connectionTarget('postgres://localhost/db?sslmode=disable').ssl).toBe(false);
    expect(connectionTarget('postgres://localhost/db?sslmode=prefer').ssl).toBe('prefer');
    expect(connectionTarget('postgres://localhost/db?sslmode=no-verify').ssl).toEqual({ rejectUnauthorized: false });
  });

  it('GIVEN an unknown sslmode THEN the bot does not start, and says which values exist', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db?sslmode=verify' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db?sslmode=verify' })).toThrow(
      /sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, no-verify/,
    );
  });
});
