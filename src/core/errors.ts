/**
 * Errors that are the user's to fix (bad input, not allowed, stale button) carry
 * a friendly message and become a private reply. Anything else is a bug or an
 * outage: it is logged with its cause and the user gets a generic apology.
 */
export type UserErrorCode = 'bad-input' | 'not-found' | 'forbidden' | 'stale-action' | 'unknown-command';

export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const badInput = (message: string): UserError => new UserError('bad-input', message);
export const notFound = (message: string): UserError => new UserError('not-found', message);
export const forbidden = (message: string): UserError => new UserError('forbidden', message);
