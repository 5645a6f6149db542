import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InteractionSignatureVerifier, MAX_SIGNATURE_AGE_SECONDS, isDiscordPublicKey } from '../../src/platforms/discord/interaction-signature.js';

/** A key pair as the Developer Portal has it: the public half as 64 hex digits. */
function application() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const signed = (body: Buffer | string, timestamp: string) => ({
    signature: sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex'),
    timestamp,
    body: Buffer.from(body),
  });
  return { hex, signed };
}

const NOW_MS = Date.UTC(2026, 11, 6, 12, 0, 0);
const NOW = String(NOW_MS / 1000);
const PING = '{"type":1,"id":"1","application_id":"2","token":"t","version":1}';

describe("Discord's interaction signature", () => {
  const app = application();
  const verifier = new InteractionSignatureVerifier(app.hex);

  it('GIVEN a request signed with the application key THEN it is valid, upper-case hex key or not', () => {
    expect(verifier.isValid(app.signed(PING, NOW), NOW_MS)).toBe(true);
    expect(new InteractionSignatureVerifier(app.hex.toUpperCase()).isValid(app.signed(PING, NOW), NOW_MS)).toBe(true);
  });

  it('GIVEN a request signed with another key THEN it is refused', () => {
    expect(verifier.isValid(application().signed(PING, NOW), NOW_MS)).toBe(false);
  });

  it('GIVEN one byte of the body changed THEN it is refused', () => {
    const request = app.signed(PING, NOW);
    expect(verifier.isValid({ ...request, body: Buffer.from(PING.replace('"type":1', '"type":2')) }, NOW_MS)).toBe(false);
    expect(verifier.isValid({ ...request, body: Buffer.from(`${PING} `) }, NOW_MS)).toBe(false);
  });

  it('GIVEN the timestamp changed after signing THEN it is refused', () => {
    expect(verifier.isValid({ ...app.signed(PING, NOW), timestamp: String(Number(NOW) + 1) }, NOW_MS)).toBe(false);
  });

  it('GIVEN a missing or malformed header THEN it is refused without throwing', () => {
    const request = app.signed(PING, NOW);
    expect(verifier.isValid({ ...request, signature: undefined }, NOW_MS)).toBe(false);
    expect(verifier.isValid({ ...request, timestamp: undefined }, NOW_MS)).toBe(false);
    expect(verifier.isValid({ ...request, signature: 'zz'.repeat(64) }, NOW_MS)).toBe(false);
    expect(verifier.isValid({ ...request, signature: request.signature!.slice(2) }, NOW_MS)).toBe(false);
    expect(verifier.isValid({ ...request, timestamp: `${NOW}.5` }, NOW_MS)).toBe(false);
  });

  it('GIVEN a request more than five minutes old (or ahead) THEN it is refused as a possible replay', () => {
    const edge = String(Number(NOW) - MAX_SIGNATURE_AGE_SECONDS);
    const stale = String(Number(NOW) - MAX_SIGNATURE_AGE_SECONDS - 1);
    const ahead = String(Number(NOW) + MAX_SIGNATURE_AGE_SECONDS + 1);
    expect(verifier.isValid(app.signed(PING, edge), NOW_MS)).toBe(true);
    expect(verifier.isValid(app.signed(PING, stale), NOW_MS)).toBe(false);
    expect(verifier.isValid(app.signed(PING, ahead), NOW_MS)).toBe(false);
  });

  it('GIVEN a 1 MB body THEN every byte is covered: valid as signed, refused with its last byte changed', () => {
    const big = Buffer.alloc(1024 * 1024, 'a');
    const request = app.signed(big, NOW);
    expect(verifier.isValid(request, NOW_MS)).toBe(true);
    const tampered = Buffer.from(big);
    tampered[tampered.length - 1] = 'b'.charCodeAt(0);
    expect(verifier.isValid({ ...request, body: tampered }, NOW_MS)).toBe(false);
  });

  it('GIVEN a public key that is not 64 hex digits THEN it is not a Discord key', () => {
    expect(isDiscordPublicKey(app.hex)).toBe(true);
    expect(isDiscordPublicKey(app.hex.slice(1))).toBe(false);
    expect(isDiscordPublicKey(`${app.hex.slice(1)}g`)).toBe(false);
    expect(() => new InteractionSignatureVerifier('abc')).toThrow(/64 hex digits/);
  });
});
