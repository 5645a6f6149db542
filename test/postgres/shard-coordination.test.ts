import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTIFY_SPACING_MS, PostgresShardCoordination } from '../../src/db/shard-coordination.js';
import { createServerDatabase } from '../support/database.js';
import { silentLogger } from '../support/silent-logger.js';

/** The Postgres side of gateway sharding, between two "replicas" in one test process. */
let server: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  server = await createServerDatabase();
});

afterAll(async () => {
  await server.drop();
});

describe('shard coordination through Postgres', () => {
  it('GIVEN two replicas THEN each counts two live replicas, and one once the other has gone', async () => {
    const a = new PostgresShardCoordination(server.url, silentLogger);
    const b = new PostgresShardCoordination(server.url, silentLogger);
    expect(await a.liveReplicas()).toBe(1);
    expect(await b.liveReplicas()).toBe(2);
    expect(await a.liveReplicas()).toBe(2);
    await b.close();
    expect(await a.liveReplicas()).toBe(1);
    await a.close();
  });

  it('GIVEN a shard held by one replica THEN the other cannot take it until it is released', async () => {
    const a = new PostgresShardCoordination(server.url, silentLogger);
    const b = new PostgresShardCoordination(server.url, silentLogger);
    const [leaseA, leaseB, otherShard] = [a.shardLease(0), b.shardLease(0), b.shardLease(1)];
    expect(await leaseA.tryAcquire()).toBe(true);
    expect(await leaseB.tryAcquire()).toBe(false);
    expect(await otherShard.tryAcquire()).toBe(true);
    await leaseA.release();
    expect(await leaseB.tryAcquire()).toBe(true);
    await Promise.all([leaseB.release(), otherShard.release(), a.close(), b.close()]);
  });

  it('GIVEN two replicas identifying in the same bucket THEN the second waits out the first one’s 5 seconds; another bucket does not wait', async () => {
    const a = new PostgresShardCoordination(server.url, silentLogger);
    const b = new PostgresShardCoordination(server.url, silentLogger);
    const signal = new AbortController().signal;
    const started = performance.now();
    await a.identifyTurn(0, signal);
    const first = performance.now() - started;
    await b.identifyTurn(1, signal);
    const otherBucket = performance.now() - started;
    await b.identifyTurn(0, signal);
    const second = performance.now() - started;
    expect(first).toBeLessThan(1_000);
    expect(otherBucket).toBeLessThan(1_000);
    expect(second).toBeGreaterThanOrEqual(IDENTIFY_SPACING_MS - 300);
    // About 20 polls of the lock while waiting: none leaves a listener on the replica's stop signal behind.
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    await Promise.all([a.close(), b.close()]);
  }, 20_000);

  it('GIVEN two shards of one replica in the same bucket THEN they identify one window apart too', async () => {
    const a = new PostgresShardCoordination(server.url, silentLogger);
    const signal = new AbortController().signal;
    const started = performance.now();
    await Promise.all([a.identifyTurn(0, signal), a.identifyTurn(0, signal)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(IDENTIFY_SPACING_MS - 300);
    await a.close();
  }, 20_000);
});

describe('two deployments on one Postgres server', () => {
  it('GIVEN replicas of another database THEN they are not counted as ours', async () => {
    const other = await createServerDatabase();
    const ours = new PostgresShardCoordination(server.url, silentLogger);
    const theirs = new PostgresShardCoordination(other.url, silentLogger);
    await theirs.liveReplicas();
    expect(await ours.liveReplicas()).toBe(1);
    await Promise.all([ours.close(), theirs.close()]);
    await other.drop();
  });
});
