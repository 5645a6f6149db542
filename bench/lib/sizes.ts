/** How big the seeded world is: the sizes, or toy sizes for the quick run in CI. */
export interface Sizes {
  tenants: number;
  users: number;
  answers: number;
  days: number;
  /** Repetitions of each timed measurement (the figure is their median). */
  runs: number;
  /** Sequential interactions per command per run. */
  sequential: number;
  bursts: readonly number[];
  /** Answer clicks for the sustained-throughput figure. */
  throughputClicks: number;
  /** Interactions driven between the two memory readings. */
  memoryInteractions: number;
  /** Quiet time before an RSS reading: V8's memory reducer returns garbage ~30 s after the load stops. */
  memorySettleMs: number;
  fanoutChannels: number;
  leaderboardCalls: number;
  startupRuns: number;
}

export const FULL: Sizes = {
  tenants: 100,
  users: 10_000,
  answers: 1_000_000,
  days: 365,
  runs: 3,
  sequential: 500,
  bursts: [50, 200],
  throughputClicks: 5_000,
  memoryInteractions: 20_000,
  memorySettleMs: 45_000,
  fanoutChannels: 1_000,
  leaderboardCalls: 300,
  startupRuns: 7,
};

export const QUICK: Sizes = {
  tenants: 5,
  users: 300,
  answers: 10_000,
  days: 40,
  runs: 1,
  sequential: 20,
  bursts: [10],
  throughputClicks: 100,
  memoryInteractions: 300,
  memorySettleMs: 3_000,
  fanoutChannels: 20,
  leaderboardCalls: 20,
  startupRuns: 2,
};

/** The largest tenant holds a fifth of all users: the server whose boards must stay fast. */
export const LARGEST_SHARE = 0.2;
