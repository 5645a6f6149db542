import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

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

export function createLogger(options: LoggerOptions): PinoLogger {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  const mask = (line: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line);
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Structured redaction covers known keys; masking covers a secret that slipped into a message or error.
    hooks: {
      streamWrite: mask,
    },
  };
  if (options.pretty) {
    return pino(base, pretty({ destination: options.destination ?? 2, sync: true, colorize: false, ignore: 'pid,hostname' }));
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
