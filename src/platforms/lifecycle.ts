import type { Logger, PlatformAdapter } from '../core/ports.js';
import type { QuizPublishers } from '../quiz/publishers.js';

/**
 * Starts the platforms one after the other and registers the quiz publisher
 * of each that has one. Each is added to `started` as soon as it is up, so
 * that after a failed start the caller still stops exactly the ones running
 * (and /readyz, reading the same list, checks only those).
 */
export async function startPlatforms(
  configured: readonly PlatformAdapter[],
  publishers: Pick<QuizPublishers, 'register'>,
  started: PlatformAdapter[],
): Promise<void> {
  for (const platform of configured) {
    await platform.start();
    started.push(platform);
    const publisher = platform.publisher?.();
    if (publisher) publishers.register(platform.name, publisher);
  }
}

/** Stops every platform at once; one that fails is logged and the others still stop. False if any failed. */
export async function stopPlatforms(platforms: readonly PlatformAdapter[], logger: Logger): Promise<boolean> {
  const stopped = await Promise.all(
    platforms.map((platform) =>
      platform.stop().then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error, platform: platform.name }, `${platform.name} did not stop cleanly`);
          return false;
        },
      ),
    ),
  );
  return stopped.every(Boolean);
}

/** Rejects with the first platform's failure for good (see PlatformAdapter.failure); never resolves. */
export function firstFailure(platforms: readonly PlatformAdapter[]): Promise<never> {
  return Promise.race(platforms.flatMap((platform) => (platform.failure ? [platform.failure()] : [])));
}
