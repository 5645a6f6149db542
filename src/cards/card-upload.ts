import type { CardUpload, CardUploadResult } from '../core/cards.js';

/** How long an upload of a card may take before it counts as failed. */
export const CARD_UPLOAD_TIMEOUT_MS = 15_000;

/** Sends `png` as `upload` describes, from this process (see CardImage.send). */
export async function sendCard(png: Uint8Array, name: string, upload: CardUpload): Promise<CardUploadResult> {
  const form = new FormData();
  for (const [field, value] of Object.entries(upload.fields)) form.append(field, value);
  form.append(upload.fileField, new Blob([png], { type: 'image/png' }), name);
  const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: form, signal: AbortSignal.timeout(CARD_UPLOAD_TIMEOUT_MS) });
  // Read whole either way (the connection goes back to the pool), but only what the caller reads
  // crosses back to the bot: every byte of it is garbage there (a Discord message is 2–4 KB).
  const body = await response.text();
  const failed = response.status >= 400;
  return { status: response.status, headers: failed ? Object.fromEntries(response.headers) : {}, body: failed || !upload.discardBody ? body : '' };
}
