import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Discord signs each interaction it POSTs; a request older than this is refused as a possible replay. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** The DER header of an Ed25519 SubjectPublicKeyInfo: node:crypto takes the raw 32-byte key only wrapped in it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;
const UNIX_SECONDS = /^\d{1,12}$/;

/** True for the application's public key as the Developer Portal shows it (64 hex digits). */
export function isDiscordPublicKey(hex: string): boolean {
  return HEX_KEY.test(hex);
}

export interface SignedRequest {
  /** `X-Signature-Ed25519`: hex. */
  signature: string | undefined;
  /** `X-Signature-Timestamp`: Unix seconds, as Discord sends it. */
  timestamp: string | undefined;
  /** The body exactly as it arrived: a parsed and re-serialised body would not verify. */
  body: Buffer;
}

/**
 * Checks Discord's Ed25519 signature over timestamp + raw body with the
 * application's public key (node:crypto, no native add-on). Missing or
 * malformed headers, a bad signature and a timestamp more than five minutes
 * away from `nowMs` are all simply "not from Discord".
 */
export class InteractionSignatureVerifier {
  readonly #key: KeyObject;

  constructor(publicKeyHex: string) {
    if (!isDiscordPublicKey(publicKeyHex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex digits');
    this.#key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  }

  isValid(request: SignedRequest, nowMs: number = Date.now()): boolean {
    const { signature, timestamp, body } = request;
    if (signature === undefined || timestamp === undefined || !HEX_SIGNATURE.test(signature) || !UNIX_SECONDS.test(timestamp)) return false;
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return false;
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), this.#key, Buffer.from(signature, 'hex'));
  }
}
