import { describe, expect, it } from 'vitest';
import type { Platform } from '../../src/core/command.js';
import type { PlatformAdapter } from '../../src/core/ports.js';
import { firstFailure, startPlatforms, stopPlatforms } from '../../src/platforms/lifecycle.js';
import type { QuizPublisher } from '../../src/quiz/ports.js';
import { RecordingPublisher } from '../support/recording-publisher.js';

/** A platform that does nothing but note what happened to it, and fails where told to. */
class NotingPlatform implements PlatformAdapter {
  constructor(
    readonly name: Platform,
    private readonly journal: string[],
    private readonly behaviour: { failStart?: Error; failStop?: Error; publisher?: QuizPublisher; failure?: Promise<never> } = {},
  ) {
    if (behaviour.publisher) this.publisher = () => behaviour.publisher!;
    if (behaviour.failure) this.failure = () => behaviour.failure!;
  }
  publisher?: () => QuizPublisher;
  failure?: () => Promise<never>;
  async start(): Promise<void> {
    this.journal.push(`start ${this.name}`);
    if (this.behaviour.failStart) throw this.behaviour.failStart;
  }
  async stop(): Promise<void> {
    this.journal.push(`stop ${this.name}`);
    if (this.behaviour.failStop) throw this.behaviour.failStop;
  }
  isReady(): boolean {
    return true;
  }
}

const errors: unknown[] = [];
const logger = {
  debug() {},
  info() {},
  warn() {},
  error: (obj: object | string) => void errors.push(obj),
  child() {
    return logger;
  },
};

describe('starting the platforms', () => {
  it('GIVEN two platforms THEN they start in turn, and the one with a publisher has it registered with the quiz engine', async () => {
    const journal: string[] = [];
    const slackChannel = new RecordingPublisher();
    const registered: Array<[Platform, QuizPublisher]> = [];
    const started: PlatformAdapter[] = [];
    await startPlatforms(
      [new NotingPlatform('discord', journal), new NotingPlatform('slack', journal, { publisher: slackChannel })],
      { register: (platform, publisher) => void registered.push([platform, publisher]) },
      started,
    );
    expect(journal).toEqual(['start discord', 'start slack']);
    expect(started.map((p) => p.name)).toEqual(['discord', 'slack']);
    expect(registered).toEqual([['slack', slackChannel]]);
  });

  it('GIVEN the second platform cannot start THEN the error surfaces and only the first counts as started (the one to stop)', async () => {
    const journal: string[] = [];
    const started: PlatformAdapter[] = [];
    const refused = new Error('port 3000 is in use');
    const start = startPlatforms(
      [new NotingPlatform('discord', journal), new NotingPlatform('slack', journal, { failStart: refused, publisher: new RecordingPublisher() })],
      { register: () => journal.push('registered') },
      started,
    );
    await expect(start).rejects.toBe(refused);
    expect(started.map((p) => p.name)).toEqual(['discord']);
    expect(journal).toEqual(['start discord', 'start slack']);
  });
});

describe('stopping the platforms', () => {
  it('GIVEN one platform fails to stop THEN the others still stop, the failure is logged, and the result says so', async () => {
    const journal: string[] = [];
    errors.length = 0;
    const clean = await stopPlatforms([new NotingPlatform('discord', journal), new NotingPlatform('slack', journal)], logger);
    expect(clean).toBe(true);
    const stuck = await stopPlatforms(
      [new NotingPlatform('discord', journal, { failStop: new Error('socket hang up') }), new NotingPlatform('slack', journal)],
      logger,
    );
    expect(stuck).toBe(false);
    expect(journal).toEqual(['stop discord', 'stop slack', 'stop discord', 'stop slack']);
    expect(errors).toEqual([expect.objectContaining({ platform: 'discord' })]);
  });
});

describe('a platform failing for good', () => {
  it('GIVEN one platform reports a failure THEN firstFailure rejects with it; with none, it stays pending', async () => {
    const journal: string[] = [];
    const refusedToken = new Error('Discord refused DISCORD_TOKEN');
    const failing = new NotingPlatform('discord', journal, { failure: Promise.reject(refusedToken) });
    await expect(firstFailure([new NotingPlatform('slack', journal), failing])).rejects.toBe(refusedToken);

    const quiet = firstFailure([new NotingPlatform('slack', journal)]);
    const settled = await Promise.race([
      quiet.then(
        () => 'settled',
        () => 'settled',
      ),
      new Promise((resolve) => setTimeout(() => resolve('pending'), 50)),
    ]);
    expect(settled).toBe('pending');
  });
});
