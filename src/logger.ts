import { createRequire } from 'node:module';
import { pino, type Logger as PinoLogger } from 'pino';
import type PinoPretty from 'pino-pretty';

/**
 * pino-pretty (and its stream and date libraries, about 1.5 MB resident) is
 * loaded only where a console prints it: production logs JSON and never needs it.
 */
const loadPretty = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export interface LoggerOptions {
  level: string;
  /** Pretty, human-readable lines (console mode); JSON otherwise (production). */
  pretty: boolean;
  /** Exact secret values to mask wherever they appear in a log line. */
  secrets: string[];
  /** Defaults to stderr in pretty mode (stdout is the conversation) and stdout otherwise. */
  destination?: NodeJS.WritableStream;
}

const REDACT_PATHS = ['token', '*.token', 'password', '*.password', 'signingSecret', '*.signingSecret', 'headers.authorization', '*.headers.authorization'];

/**
 * Credentials that live in URLs: an interaction's token (it can answer as the
 * bot for 15 minutes), a webhook's, and Slack's response_url.
 */
const URL_SECRETS: Array<[RegExp, string]> = [
  [/(\/interactions\/\d+\/)[^/\s"?]+/g, '$1[redacted]'],
  [/(\/webhooks\/\d+\/)[^/\s"?]+/g, '$1[redacted]'],
  [/(hooks\.slack\.com\/)[^\s"]+/g, '$1[redacted]'],
];

/** What a failed platform request carries along: the body it sent (a member's private reply) and the raw response. */
const PAYLOAD_KEYS = ['requestBody', 'rawError', 'requestData', 'data', 'original'];

/**
 * Errors as pino logs them, minus the payloads. Something thrown that is not
 * an Error (rare: a library rejecting with a plain object) is logged as it is,
 * without those keys either.
 */
function errorWithoutPayloads(error: unknown): unknown {
  if (error instanceof Error) {
    const serialized = pino.stdSerializers.err(error);
    for (const key of PAYLOAD_KEYS) delete serialized[key];
    return serialized;
  }
  if (typeof error !== 'object' || error === null) return error;
  return Object.fromEntries(Object.entries(error).filter(([key]) => !PAYLOAD_KEYS.includes(key)));
}

export function createLogger(options: LoggerOptions): PinoLogger {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  const mask = (line: string): string =>
    URL_SECRETS.reduce(
      (out, [pattern, replacement]) => out.replace(pattern, replacement),
      secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line),
    );
  const base = {
    level: options.level,
    serializers: { err: errorWithoutPayloads },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Structured redaction covers known keys; masking covers a secret that slipped into a message or error.
    hooks: {
      streamWrite: mask,
    },
  };
  if (options.pretty) {
    return pino(base, loadPretty()({ destination: options.destination ?? 2, sync: true, colorize: false, ignore: 'pid,hostname' }));
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
