import type { Clock } from '../core/ports.js';
import type { OpsRoute } from './http.js';

/**
 * Real time plus an offset that only moves forward: end-to-end tests run the
 * real bot process and jump past a one-minute answer window instead of
 * waiting it out. Enabled by TEST_CLOCK=on, which the configuration refuses
 * in production; the route below is the only way to move it.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!(ms > 0)) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
  }
}

/** `POST /test/clock {"advanceMs": 61000}` → `{"now": "…"}`. */
export function testClockRoute(clock: AdjustableClock): OpsRoute {
  return {
    path: '/test/clock',
    method: ['POST'],
    handler: (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        try {
          clock.advance(Number((JSON.parse(body || '{}') as { advanceMs?: unknown }).advanceMs));
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ now: clock.now().toISOString() }));
        } catch (error) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
        }
      });
    },
  };
}
