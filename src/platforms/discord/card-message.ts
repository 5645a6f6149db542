import type { REST } from '@discordjs/rest';
import type { CardImage } from '../../core/cards.js';

/** Discord's answer to a card upload of 400 or more; named like the REST client's own errors, so `discordApiStatus` reads it. */
export class DiscordCardUploadError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    const code = /"code"\s*:\s*(\d+)/.exec(body)?.[1] ?? status;
    super(`Discord answered ${status} to a message with a card: ${body.slice(0, 300)}`);
    this.name = `DiscordAPIError[${code}]`;
  }
}

/** A 429's wait, at most this long: longer, and the card is given up (the text reply is already out). */
const MAX_RATE_LIMIT_WAIT_MS = 5_000;

/**
 * Sends a message request with the reply's card as its one file (`files[0]`,
 * the JSON as `payload_json`, as the REST client would), made by the card
 * itself (`CardImage.send`): from the drawing process, the PNG never enters
 * the bot's heap. A 429 is waited out once, within 5 s. Resolves with
 * Discord's JSON answer, unless `discardAnswer` (then undefined).
 */
export async function sendCardMessage(
  rest: REST,
  request: { method: 'POST' | 'PATCH'; route: string; body: object; image: CardImage; botToken?: string; discardAnswer?: boolean },
): Promise<unknown> {
  const { api, version } = rest.options;
  const upload = {
    url: `${api}/v${version}${request.route}`,
    method: request.method,
    // An interaction's webhook is authorised by its token in the route; channel messages by the bot's.
    headers: request.botToken ? { Authorization: `Bot ${request.botToken}` } : undefined,
    fields: { payload_json: JSON.stringify(request.body) },
    fileField: 'files[0]',
    discardBody: request.discardAnswer,
  };
  for (let attempt = 1; ; attempt++) {
    const result = await request.image.send(upload);
    if (result.status === 429 && attempt === 1) {
      const waitMs = Number(result.headers['retry-after'] ?? 1) * 1000;
      if (waitMs <= MAX_RATE_LIMIT_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
    }
    if (result.status >= 400) throw new DiscordCardUploadError(result.status, result.body);
    return result.body ? (JSON.parse(result.body) as unknown) : undefined;
  }
}
