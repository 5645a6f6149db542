import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CourseCatalog } from '../../src/content/catalog.js';
import type { Question } from '../../src/content/model.js';
import { chapterProgress, courseComplete } from '../../src/plans/mastery.js';
import { isRecapDay, planPool, RECENT_LESSONS } from '../../src/plans/plan-pool.js';
import { pickQuestion } from '../../src/quiz/selection.js';
import { realCourse } from '../support/app.js';

let course: CourseCatalog;
let all: Question[];
let lessonIds: string[];
beforeAll(async () => {
  course = new CourseCatalog(await realCourse());
  all = course.questions;
  lessonIds = course.subchapters.map((s) => s.id);
});

/** A plan's history: a start lesson and the lessons it posted since, in course order from there (skips and gotos allowed). */
const history = () =>
  fc
    .record({ start: fc.nat(144), steps: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 60 }), seed: fc.string({ maxLength: 30 }) })
    .map(({ start, steps, seed }) => {
      const posted: string[] = [];
      let at = start;
      for (const step of steps) {
        at += step;
        if (at >= lessonIds.length) break;
        posted.push(lessonIds[at]!);
        at += 1;
      }
      return { start: lessonIds[start]!, posted, seed };
    });

const accuracyFor = (lessons: readonly string[], bits: number) =>
  new Map(lessons.map((id, i) => [id, { answered: 4, correct: (bits >> i % 30) & 1 ? 4 : i % 4 }]));

describe('GIVEN a channel following a study plan', () => {
  it('THEN its daily question never comes from a lesson the plan has not posted (before the first post: the first lesson)', () => {
    fc.assert(
      fc.property(history(), fc.nat(), ({ start, posted, seed }, bits) => {
        const pool = planPool({ questions: all, posted, startLesson: start, seed, accuracy: accuracyFor(posted, bits) });
        const allowed = new Set(posted.length ? posted : [start]);
        expect(pool.questions.length).toBeGreaterThan(0);
        for (const q of pool.questions) expect(allowed.has(q.lessonId)).toBe(true);
        const pick = pickQuestion(pool.questions, { cycle: 1, used: new Set() }, seed);
        expect(allowed.has(pick!.question.lessonId)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('THEN most days draw from the last five posted lessons, and about one day in three recaps older ones, the worst answered first', () => {
    const posted = lessonIds.slice(0, 20);
    const accuracy = new Map(posted.map((id) => [id, { answered: 10, correct: 9 }]));
    accuracy.set('1.3', { answered: 10, correct: 2 });
    const days = Array.from({ length: 300 }, (_, day) => planPool({ questions: all, posted, startLesson: '1.1', seed: `discord:g:c:day-${day}`, accuracy }));
    const recaps = days.filter((d) => d.kind === 'recap');
    expect(recaps.length / days.length).toBeGreaterThan(0.25);
    expect(recaps.length / days.length).toBeLessThan(0.42);
    for (const recap of recaps) expect(recap.lessons[0]).toBe('1.3');
    for (const day of days.filter((d) => d.kind === 'recent')) expect(day.lessons).toEqual(posted.slice(-RECENT_LESSONS));
    days.forEach((d, day) => expect(d.kind === 'recap').toBe(isRecapDay(`discord:g:c:day-${day}`)));
  });

  it('THEN before the first post the pool is the first lesson, and with five lessons or fewer there is nothing older to recap', () => {
    expect(planPool({ questions: all, posted: [], startLesson: '17.3', seed: 'x' })).toMatchObject({ kind: 'first', lessons: ['17.3'] });
    for (let day = 0; day < 50; day++) {
      expect(planPool({ questions: all, posted: ['1.1', '1.2', '1.3'], startLesson: '1.1', seed: `d${day}`, accuracy: new Map() }).kind).toBe('recent');
    }
  });
});

describe('GIVEN lessons done and last answers', () => {
  const answersFor = (chapter: number, right: number, wrong: number) => {
    const questions = all.filter((q) => q.lessonId.startsWith(`${chapter}.`));
    return [
      ...questions.slice(0, right).map((q) => ({ questionKey: q.key, correct: true })),
      ...questions.slice(right, right + wrong).map((q) => ({ questionKey: q.key, correct: false })),
    ];
  };
  const lessonsOf = (chapter: number) => course.chapter(chapter)!.subchapters.map((s) => s.id);
  const stateOf = (done: string[], answers: ReturnType<typeof answersFor>, chapter = 2) =>
    chapterProgress(course, new Set(done), answers).find((c) => c.chapter.number === chapter)!.state;

  it('THEN a chapter is mastered only with every lesson done and at least 80 % of at least 3 last answers right', () => {
    expect(stateOf(lessonsOf(2), answersFor(2, 4, 1))).toBe('mastered');
    expect(stateOf(lessonsOf(2), answersFor(2, 3, 0))).toBe('mastered');
    expect(stateOf(lessonsOf(2), answersFor(2, 2, 0))).toBe('started');
    expect(stateOf(lessonsOf(2), answersFor(2, 3, 1))).toBe('started');
    expect(stateOf(lessonsOf(2).slice(1), answersFor(2, 10, 0))).toBe('started');
    expect(stateOf([], answersFor(2, 1, 0))).toBe('started');
    expect(stateOf([], [])).toBe('not-started');
    // An answer to a question no longer in the course says nothing.
    expect(stateOf(lessonsOf(2), [...answersFor(2, 2, 0), { questionKey: '2.1:gone', correct: true }])).toBe('started');
  });

  it('THEN the course is complete only when all 33 chapters are mastered', () => {
    const done = course.subchapters.map((s) => s.id);
    const answers = course.allChapters.flatMap((c) => answersFor(c.number, 3, 0));
    expect(courseComplete(chapterProgress(course, new Set(done), answers))).toBe(true);
    expect(courseComplete(chapterProgress(course, new Set(done.slice(1)), answers))).toBe(false);
  });
});
