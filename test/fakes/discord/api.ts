/** Route types and Discord's error bodies, shared by the REST route modules. */
import type { FakeState } from './state.js';
import type { RecordedFile, RecordedRequest } from './types.js';

export interface RouteRequest {
  state: FakeState;
  params: Record<string, string | undefined>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  headers: Record<string, string>;
}

export interface RouteReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Matched against the path after `/api/v10`; named groups become params. */
  pattern: RegExp;
  /** Needs `Authorization: Bot <token>` (default true). Interaction callbacks and webhooks don't. */
  auth?: boolean;
  /** Counts against the optional rate limit (default true). */
  limited?: boolean;
  handle(req: RouteRequest): RouteReply;
  /** Runs synchronously after a 2xx answer was recorded, before it is sent. */
  accepted?(req: RouteRequest, recorded: RecordedRequest): void;
}

export function apiError(status: number, message: string, code: number): RouteReply {
  return { status, body: { message, code } };
}

export const errors = {
  notFound: apiError(404, '404: Not Found', 0),
  unauthorized: apiError(401, '401: Unauthorized', 0),
  missingAccess: apiError(403, 'Missing Access', 50001),
  unknownChannel: apiError(404, 'Unknown Channel', 10003),
  unknownMessage: apiError(404, 'Unknown Message', 10008),
  unknownWebhook: apiError(404, 'Unknown Webhook', 10015),
  unknownInteraction: apiError(404, 'Unknown interaction', 10062),
  unknownCommand: apiError(404, 'Unknown application command', 10063),
  alreadyAcknowledged: apiError(400, 'Interaction has already been acknowledged.', 40060),
} as const;
