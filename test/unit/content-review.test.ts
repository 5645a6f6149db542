import { describe, expect, it } from 'vitest';
import { hclProblems } from '../../src/content/hcl-check.js';
import { loadCourse } from '../../src/content/loader.js';
import { reviewWarnings } from '../../src/content/quality.js';
import { chapterFile, lessonFile, validLesson, writeContent } from '../support/content-fixture.js';

const course = async (lesson: Record<string, unknown>, body?: string) =>
  loadCourse(await writeContent({ '01-basics/chapter.md': chapterFile(1, 'Basics'), '01-basics/1.1-first-steps.md': lessonFile(lesson, body) }));

describe('GIVEN the month a lesson was last reviewed', () => {
  it.each([
    ['2026-12', '2026-12-05', []],
    ['2025-12', '2026-12-31', []],
    ['2025-11', '2026-12-01', ['1.1: was last reviewed in 2025-11, 13 months ago: check it against its sources again']],
    ['2019-01', '2026-12-05', ['1.1: was last reviewed in 2019-01, 95 months ago: check it against its sources again']],
  ])('reviewed %s, on %s THEN content:check warns %j', async (reviewed, today, expected) => {
    const warnings = reviewWarnings(await course(validLesson({ reviewed })), new Date(`${today}T12:00:00Z`));
    expect(warnings.map((w) => `${w.id}: ${w.message}`)).toEqual(expected);
  });
});

describe('GIVEN HCL in a lesson', () => {
  it('WHEN every block parses THEN there is nothing to report, and other languages are not parsed as HCL', async () => {
    const body = 'Text.\n\n```hcl\nresource "aws_s3_bucket" "logs" {\n  bucket = "my-logs"\n}\n```\n\n```bash\naws s3 ls {\n```\n';
    expect(await hclProblems(await course(validLesson(), body))).toEqual([]);
  });

  it("WHEN a block does not parse THEN content:check names the lesson, the block and the parser's reason", async () => {
    const body = 'Text.\n\n```hcl\nvariable "a" {}\n```\n\n```terraform\nresource "aws_s3_bucket" "logs" {\n  bucket =\n}\n```\n';
    const problems = await hclProblems(await course(validLesson(), body));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ id: '1.1', message: expect.stringMatching(/^HCL block 2 of 2 does not parse: .*Invalid expression/) });
  });
});
