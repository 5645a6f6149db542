/** Sends requests to an app's HTTP receiver the way Slack does: signed with the v0 scheme. */
import { createHmac } from 'node:crypto';
import type { DeliveryOptions, DeliveryResult } from './types.js';

const DEFAULT_TIMEOUT_MS = 5_000;

/** `v0=` + hex HMAC-SHA256(signingSecret, `v0:<timestamp>:<raw body>`). */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export function formBody(fields: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) params.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return params.toString();
}

export async function deliver(
  botUrl: string,
  rawBody: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  signingSecret: string,
  opts: DeliveryOptions = {},
): Promise<Omit<DeliveryResult, 'responseUrlId'>> {
  const timestampSec = Math.floor(Date.now() / 1000) + (opts.timestampOffsetSec ?? 0);
  const secret = opts.badSignature === true ? `${signingSecret}-wrong` : signingSecret;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': slackSignature(secret, timestampSec, rawBody),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(botUrl, {
    method: 'POST',
    headers,
    body: rawBody,
    signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  const body = await response.text();
  return { status: response.status, body, ackMs: performance.now() - started };
}
