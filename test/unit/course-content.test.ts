import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/content/model.js';
import { hclProblems } from '../../src/content/hcl-check.js';
import { coverage, qualityIssues } from '../../src/content/quality.js';
import { fencesBalanced } from '../../src/core/markdown.js';
import { DEFAULT_CONTENT_DIR } from '../../src/paths.js';
import { realCourse } from '../support/app.js';

let course: Course;
beforeAll(async () => {
  course = await realCourse();
});

describe('GIVEN the course outline', () => {
  it('THEN it has all 33 chapters and 145 subchapters, numbered in order', async () => {
    const outline = JSON.parse(await readFile(path.join(DEFAULT_CONTENT_DIR, 'outline.json'), 'utf8')) as {
      chapters: Array<{ number: number; subchapters: Array<{ id: string }> }>;
    };
    expect(outline.chapters.map((c) => c.number)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(outline.chapters.flatMap((c) => c.subchapters)).toHaveLength(145);
    for (const chapter of outline.chapters) {
      expect(chapter.subchapters.map((s) => s.id)).toEqual(chapter.subchapters.map((_, i) => `${chapter.number}.${i + 1}`));
    }
  });

  it('THEN it keeps the verbatim titles of the course', () => {
    const sub = course.chapters[16]!.subchapters[2]!;
    expect(sub).toMatchObject({ id: '17.3', title: 'ECS: task definitions, services, Fargate vs EC2' });
    expect(course.chapters[26]!.subchapters[0]!.title).toBe(
      'The six pillars: operational excellence, security, reliability, performance efficiency, cost optimization, sustainability',
    );
  });
});

describe('GIVEN the written course', () => {
  it('THEN it covers every subchapter with a lesson and at least 4 questions, and every chapter with an overview', () => {
    const cov = coverage(course);
    expect(cov.missing).toEqual([]);
    expect(cov.lessons).toBe(145);
    const thin = course.chapters.flatMap((c) => c.subchapters).filter((s) => (s.lesson?.questions.length ?? 0) < 4);
    expect(thin.map((s) => s.id)).toEqual([]);
    expect(course.chapters.filter((c) => !c.overview).map((c) => c.number)).toEqual([]);
  });

  it('THEN it meets the editorial rules: lesson and overview lengths, a mix of difficulties, answers not guessable by position or length', () => {
    expect(qualityIssues(course)).toEqual([]);
  });

  it('THEN it never repeats a question or a choice within a question, and closes every code block', () => {
    const lessons = course.chapters.flatMap((c) => c.subchapters).map((s) => s.lesson!);
    const texts = lessons.flatMap((l) => l.questions.map((q) => q.question.toLowerCase()));
    expect(new Set(texts).size).toBe(texts.length);
    for (const lesson of lessons) {
      expect(fencesBalanced(lesson.body), lesson.file).toBe(true);
      for (const q of lesson.questions) {
        expect(new Set(q.choices.map((c) => c.toLowerCase())).size, `${lesson.file}: ${q.question}`).toBe(4);
        expect(q.explanation.split(/\s+/).length, `${lesson.file}: ${q.question}`).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('THEN it has Terraform code that parses in every lesson', async () => {
    expect(await hclProblems(course)).toEqual([]);
  });

  it('THEN it does not mention retired names as if they were current', () => {
    const lessons = course.chapters.flatMap((c) => c.subchapters).map((s) => s.lesson!);
    for (const lesson of lessons) {
      const text = `${lesson.body}\n${lesson.questions.map((q) => `${q.question} ${q.choices.join(' ')} ${q.explanation}`).join('\n')}`;
      // "Terraform Cloud" may appear only next to its current name.
      if (/Terraform Cloud/.test(text)) expect(text, lesson.file).toMatch(/HCP Terraform/);
      // S3 has been strongly consistent since 2020.
      expect(text, lesson.file).not.toMatch(/S3 is eventually consistent/i);
    }
  });
});
