import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Two workers share the files: when one of the minute-long suites (the real bot process driven
 * end to end, the Terraform CLI) starts last, the run waits for it alone. On a fresh clone vitest
 * has no timings yet, so it is told which files are slow: they start first, the short ones fill in.
 */
const SLOW = [/\/test\/e2e\//, /\/terraform-cli\.test\.ts$/, /\/migrations\.test\.ts$/, /\/board-totals\.test\.ts$/];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (file: TestSpecification) => SLOW.some((pattern) => pattern.test(file.moduleId));
    return [...sorted.filter(slow), ...sorted.filter((file) => !slow(file))];
  }
}
