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

describe('failed platform requests in logs', () => {
  it('GIVEN a failed interaction callback THEN neither its token nor the private reply it carried reaches the log', async () => {
    const { DiscordAPIError } = await import('@discordjs/rest');
    const out = capture();
    const logger = createLogger({ level: 'info', pretty: false, secrets: [], destination: out.stream });
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw';
    const url = `https://discord.com/api/v10/interactions/1234567890123456789/${token}/callback?with_response=false`;
    const error = new DiscordAPIError({ code: 10062, message: 'Unknown interaction' }, 10062, 404, 'POST', url, {
      body: { type: 4, data: { embeds: [{ description: 'Your private answer: B, the wrong one' }] } },
    });
    logger.error({ err: error }, 'discord interaction failed');
    logger.warn({ responseUrl: 'https://hooks.slack.com/actions/T0001/123/abcdefSECRET' }, 'slack respond failed');
    const text = out.lines();
    expect(text).not.toContain(token);
    expect(text).not.toContain('Your private answer');
    expect(text).not.toContain('abcdefSECRET');
    expect(text).toContain('/interactions/1234567890123456789/[redacted]/callback');
    expect(text).toContain('Unknown interaction');
  });
});

describe('errors in logs', () => {
  it('GIVEN an Error carrying a request payload THEN it is logged with its type, message and stack, without the payload', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', pretty: false, secrets: [], destination: out.stream });
    const error = Object.assign(new TypeError('slack said no'), { code: 'slack_webapi_platform_error', data: { reply: 'Your private answer: C' } });
    logger.error({ err: error }, 'slack call failed');
    const line = JSON.parse(out.lines().trim()) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'slack said no', code: 'slack_webapi_platform_error' });
    expect(line.err['stack']).toMatch(/^TypeError: slack said no\n/);
    expect(out.lines()).not.toContain('Your private answer');
  });

  it('GIVEN a plain object or a string thrown as an error THEN it is logged as it is, still without a payload', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', pretty: false, secrets: [], destination: out.stream });
    logger.error({ err: { message: 'rejected', status: 400, requestBody: { text: 'Your private answer: A' } } }, 'odd rejection');
    logger.error({ err: 'just a string' }, 'odder rejection');
    const [first, second] = out
      .lines()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { err: unknown });
    expect(first!.err).toEqual({ message: 'rejected', status: 400 });
    expect(second!.err).toBe('just a string');
  });
});
