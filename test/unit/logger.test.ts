import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture(): { stream: Writable; lines: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text };
}

describe('logs', () => {
  it('GIVEN secrets in fields, messages or errors THEN they never reach the log', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', pretty: false, secrets: ['xoxb-very-secret', 'p4ssw0rd'], destination: out.stream });
    logger.info({ token: 'anything', config: { signingSecret: 'abc' }, url: 'postgres://bot:p4ssw0rd@db/studybot' }, 'connecting with xoxb-very-secret');
    logger.error({ err: new Error('auth failed for xoxb-very-secret') }, 'boom');
    const text = out.lines();
    expect(text).not.toContain('xoxb-very-secret');
    expect(text).not.toContain('p4ssw0rd');
    expect(text).not.toContain('"anything"');
    expect(text).toContain('[redacted]');
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ level: 30, msg: 'connecting with [redacted]' });
  });
});
