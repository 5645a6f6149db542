import { describe, expect, it } from 'vitest';
import { isConnectionLoss } from '../../src/db/connection-loss.js';

/** What the process may survive as an orphaned rejection: a lost database session, and nothing else. */
describe('isConnectionLoss', () => {
  const withCode = (code: unknown, name = 'Error') => Object.assign(new Error('x'), { name, code });

  it.each([
    ['57P01', 'terminating connection due to administrator command (pg_terminate_backend, a failover)'],
    ['57P02', 'a server crash'],
    ['57P03', 'the server is starting up'],
    ['08006', 'connection failure'],
    ['08003', 'connection does not exist'],
    ['CONNECTION_CLOSED', 'postgres.js: the socket closed under a query'],
    ['CONNECTION_DESTROYED', 'postgres.js: the client ended'],
    ['CONNECT_TIMEOUT', 'postgres.js: no connection in time'],
    ['ECONNRESET', 'the network reset the connection'],
    ['ECONNREFUSED', 'nothing listens'],
  ])('GIVEN code %s (%s) THEN it is a lost session', (code, _why) => {
    expect(isConnectionLoss(withCode(code))).toBe(true);
  });

  it.each([
    ['23505', 'a unique violation is a bug or a race to handle, not an outage'],
    ['42P01', 'a missing table'],
    ['57014', 'a cancelled statement'],
    ['ERR_INVALID_ARG_TYPE', 'a programming error'],
    [42, 'a number'],
    [undefined, 'no code'],
  ])('GIVEN code %s (%s) THEN it is not', (code, _why) => {
    expect(isConnectionLoss(withCode(code))).toBe(false);
  });

  it('GIVEN no error object THEN it is not', () => {
    expect(isConnectionLoss(undefined)).toBe(false);
    expect(isConnectionLoss('ECONNRESET')).toBe(false);
    expect(isConnectionLoss(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false);
  });
});
