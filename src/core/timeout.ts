import { setTimeout as sleep } from 'node:timers/promises';

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Settles with `work`, or rejects with a TimeoutError after `ms`. The work
 * itself goes on (a request already sent cannot be called back): callers
 * treat its outcome as unknown.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, message = `timed out after ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), ms);
    timer.unref();
  });
  work.catch(() => {}); // a late rejection after the timeout is not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits `ms`, or until `signal` aborts: a stop does not wait out a retry's
 * pause (a deploy's shutdown has seconds for each step). Never rejects, and
 * never keeps the process alive on its own.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal, ref: false }).catch(() => {});
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts (the work goes on,
 * unawaited: the caller cleans up after it). Leaves no listener on the signal once settled.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  work.catch(() => {}); // a late rejection after the abort is not unhandled
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
