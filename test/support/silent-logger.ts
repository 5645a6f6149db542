import type { Logger } from '../../src/core/ports.js';

/** A logger that says nothing: for tests that read metrics, not logs. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
