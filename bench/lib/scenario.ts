import type { BenchDatabase } from './database.js';
import type { Figure } from './report.js';
import type { Sizes } from './sizes.js';

export interface ScenarioContext {
  sizes: Sizes;
  quick: boolean;
  database: BenchDatabase;
  log(line: string): void;
  /** Extra material kept in the results file (EXPLAIN plans, raw samples). */
  attach(key: string, value: unknown): void;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<Figure[]>;
}
