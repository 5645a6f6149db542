/**
 * Whether an error says only that the database session went away: the server
 * ended it (a failover, a reboot, `pg_terminate_backend`, an idle-session
 * kill), the network dropped it, or the driver gave up connecting. Such an
 * error is an outage to wait out, never a reason to exit.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return (
    // SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now).
    /^08[0-9A-Z]{3}$/.test(code) ||
    /^57P0[1-3]$/.test(code) ||
    // postgres.js's own codes when a connection closes, is destroyed or cannot be opened in time.
    DRIVER_CODES.has(code) ||
    // The socket's.
    SOCKET_CODES.has(code)
  );
}

const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']);
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
