/** What the bot and the drawing process (card-process.ts) say to each other over IPC. */
import type { Card, CardUpload, CardUploadResult } from '../core/cards.js';

export type CardRequest =
  | { id: number; op: 'draw'; card: Card }
  /** The PNG of the card drawn by request `drawn`. */
  | { id: number; op: 'bytes'; drawn: number }
  /** Sends the PNG of the card drawn by request `drawn`, named `name`, as `upload` says. */
  | { id: number; op: 'send'; drawn: number; name: string; upload: CardUpload };

export type CardResponse =
  | { id: number; width: number; height: number; size: number }
  | { id: number; png: Uint8Array }
  | { id: number; result: CardUploadResult }
  /** `gone`: this process no longer keeps that card (drawn too long ago): draw it again. */
  | { id: number; error: string; gone?: true };

/** Drawn cards kept for sending, the newest ones: the bot's own cache holds at most 50 (canvas-card-renderer.ts). */
export const KEPT_CARDS = 64;
