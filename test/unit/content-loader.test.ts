import { describe, expect, it } from 'vitest';
import { ContentError, loadCourse, questionKey, type ContentProblem } from '../../src/content/loader.js';
import { chapterFile, lessonFile, validLesson, validQuestion, writeContent } from '../support/content-fixture.js';

const LESSON_PATH = '01-basics/1.1-first-steps.md';

async function problemsFor(files: Record<string, string>, outline?: unknown): Promise<ContentProblem[]> {
  const dir = await writeContent(files, outline);
  try {
    await loadCourse(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems;
  }
  throw new Error('expected the content to be rejected');
}

async function problemFor(lesson: Record<string, unknown>, body?: string): Promise<ContentProblem> {
  const problems = await problemsFor({ [LESSON_PATH]: lessonFile(lesson, body) });
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('GIVEN a valid content folder', () => {
  it('WHEN loaded THEN every outline entry is known and written lessons carry their questions', async () => {
    const dir = await writeContent({
      '01-basics/chapter.md': chapterFile(1, 'Basics'),
      [LESSON_PATH]: lessonFile(validLesson()),
    });
    const course = await loadCourse(dir);
    expect(course.chapters.map((c) => c.subchapters.map((s) => s.id))).toEqual([['1.1', '1.2'], ['2.1']]);
    const [first, second] = course.chapters[0]!.subchapters;
    expect(first!.lesson?.questions[0]).toMatchObject({ lessonId: '1.1', answer: 0, difficulty: 1, key: questionKey('1.1', validQuestion(1).question) });
    expect(second!.lesson).toBeUndefined();
    expect(course.chapters[0]!.overview).toBe('Overview of the chapter.');
  });

  it('WHEN a question is reworded THEN its key changes, and reordering does not', () => {
    expect(questionKey('1.1', 'What is  S3?')).toBe(questionKey('1.1', 'what is s3?'));
    expect(questionKey('1.1', 'What is S3?')).not.toBe(questionKey('1.1', 'What is EC2?'));
  });
});

describe('GIVEN a broken lesson file WHEN loaded THEN the error names the file, the field and the problem', () => {
  const cases: Array<[string, Record<string, unknown>, Partial<ContentProblem>, string?]> = [
    [
      'a title that differs from the outline',
      validLesson({ title: 'First Steps' }),
      { field: 'title', message: 'must be "First steps" (verbatim from the outline)' },
    ],
    [
      'an id from another chapter',
      validLesson({ id: '2.1', title: 'Deep dive' }),
      { field: 'id', message: '2.1 is not a subchapter of chapter 1 in the outline' },
    ],
    ['an id that is not an id', validLesson({ id: 'one' }), { field: 'id', message: 'must look like "17.3"' }],
    [
      'three choices',
      validLesson({ quiz: [{ ...validQuestion(), choices: ['a', 'b', 'c'] }] }),
      { field: 'quiz.0.choices', message: 'must have exactly 4 choices' },
    ],
    [
      'an answer index out of range',
      validLesson({ quiz: [{ ...validQuestion(), answer: 4 }] }),
      { field: 'quiz.0.answer', message: 'must be the index (0–3) of the correct choice' },
    ],
    [
      'a repeated choice',
      validLesson({ quiz: [{ ...validQuestion(), choices: ['Yes', 'No', 'yes', 'Maybe'] }] }),
      { field: 'quiz.0.choices.2', message: 'repeats another choice ("yes")' },
    ],
    ['an empty explanation', validLesson({ quiz: [{ ...validQuestion(), explanation: '' }] }), { field: 'quiz.0.explanation', message: 'must not be empty' }],
    [
      'a one-word explanation',
      validLesson({ quiz: [{ ...validQuestion(), explanation: 'Because.' }] }),
      { field: 'quiz.0.explanation', message: 'must explain why the answer is right (at least 6 words)' },
    ],
    ['a difficulty of 4', validLesson({ quiz: [{ ...validQuestion(), difficulty: 4 }] }), { field: 'quiz.0.difficulty' }],
    ['no questions', validLesson({ quiz: [] }), { field: 'quiz', message: 'needs at least one question' }],
    ['two remember bullets', validLesson({ remember: ['a', 'b'] }), { field: 'remember', message: 'needs 3–6 bullets' }],
    ['an unknown field', validLesson({ summary: 'x' }), { message: expect.stringContaining('summary') as unknown as string }],
    [
      'a choice too long for the post',
      validLesson({ quiz: [{ ...validQuestion(), choices: ['x'.repeat(201), 'b', 'c', 'd'] }] }),
      { field: 'quiz.0.choices.0', message: 'must be at most 200 characters' },
    ],
    [
      'a body longer than an embed',
      validLesson(),
      { field: 'body', message: expect.stringContaining('at most 4096') as unknown as string },
      'word '.repeat(900),
    ],
    ['an unclosed code block', validLesson(), { field: 'body', message: 'a ``` code block is not closed' }, 'Text\n```bash\naws s3 ls\n'],
    [
      'a code line wider than 80 characters',
      validLesson(),
      { field: 'body', message: expect.stringContaining('81 characters wide') as unknown as string },
      '```\n' + 'x'.repeat(81) + '\n```',
    ],
    ['an empty body', validLesson(), { field: 'body', message: 'the lesson text is empty' }, ''],
    [
      'no sources',
      validLesson({ sources: undefined }),
      { field: 'sources', message: expect.stringContaining('1–6 official https links') as unknown as string },
    ],
    ['an empty list of sources', validLesson({ sources: [] }), { field: 'sources', message: 'needs 1–6 links' }],
    [
      'seven sources',
      validLesson({ sources: Array.from({ length: 7 }, (_, i) => `https://docs.aws.amazon.com/page-${i}.html`) }),
      { field: 'sources', message: 'needs 1–6 links' },
    ],
    ['a plain-http source', validLesson({ sources: ['http://docs.aws.amazon.com/s3/'] }), { field: 'sources.0', message: 'must be an https link' }],
    [
      'a source on an unofficial host',
      validLesson({ sources: ['https://stackoverflow.com/questions/1'] }),
      { field: 'sources.0', message: expect.stringContaining('not stackoverflow.com') as unknown as string },
    ],
    [
      'a host that only ends like an official one',
      validLesson({ sources: ['https://notamazon.com/docs'] }),
      { field: 'sources.0', message: expect.stringContaining('not notamazon.com') as unknown as string },
    ],
    [
      'a GitHub source outside the official organisations',
      validLesson({ sources: ['https://github.com/someone/terraform-tricks'] }),
      { field: 'sources.0', message: expect.stringContaining('"someone"') as unknown as string },
    ],
    ['a source that is not a URL', validLesson({ sources: ['the S3 user guide'] }), { field: 'sources.0', message: 'must be a URL' }],
    [
      'the same source twice',
      validLesson({ sources: ['https://developer.hashicorp.com/terraform/language', 'https://developer.hashicorp.com/terraform/language'] }),
      { field: 'sources.1', message: 'repeats https://developer.hashicorp.com/terraform/language' },
    ],
    [
      'no review month',
      validLesson({ reviewed: undefined }),
      { field: 'reviewed', message: expect.stringContaining('the month the lesson was last checked') as unknown as string },
    ],
    ['a review date that is not a month', validLesson({ reviewed: '2026-12-05' }), { field: 'reviewed', message: 'must be a month, like 2026-12' }],
  ];
  it.each(cases)('%s', async (_name, lesson, expected, body) => {
    const problem = await problemFor(lesson, body);
    expect(problem).toMatchObject({ file: LESSON_PATH, ...expected });
  });

  it('a file name that does not match its title', async () => {
    const problems = await problemsFor({ '01-basics/1.1-first.md': lessonFile(validLesson()) });
    expect(problems).toEqual([{ file: '01-basics/1.1-first.md', message: 'file name must be "1.1-first-steps.md"' }]);
  });

  it('front matter that is not YAML', async () => {
    const problems = await problemsFor({ [LESSON_PATH]: '---\nid: "1.1\ntitle: [\n---\nbody' });
    expect(problems[0]).toMatchObject({ file: LESSON_PATH, message: expect.stringContaining('front matter is not valid YAML') });
  });

  it('no front matter at all', async () => {
    const problems = await problemsFor({ [LESSON_PATH]: '# Just markdown' });
    expect(problems).toEqual([{ file: LESSON_PATH, message: 'must start with a "---" front matter line' }]);
  });

  it('the same question in two lessons', async () => {
    const problems = await problemsFor({
      [LESSON_PATH]: lessonFile(validLesson()),
      '01-basics/1.2-second-more-steps.md': lessonFile(validLesson({ id: '1.2', title: 'Second: more steps' })),
    });
    expect(problems).toEqual([
      { file: '01-basics/1.2-second-more-steps.md', field: 'quiz.0.question', message: 'duplicates a question in 01-basics/1.1-first-steps.md' },
    ]);
  });

  it('two files for one subchapter', async () => {
    const problems = await problemsFor({
      [LESSON_PATH]: lessonFile(validLesson()),
      '01-basics/1.1-first-steps-copy.md': lessonFile(validLesson({ quiz: [validQuestion(2)] })),
    });
    expect(problems.map((p) => p.message)).toContain('file name must be "1.1-first-steps.md"');
  });

  it('a folder that is not a chapter, and a chapter.md with the wrong title', async () => {
    const problems = await problemsFor({
      '03-extra/chapter.md': chapterFile(3, 'Extra'),
      '01-basics/chapter.md': chapterFile(1, 'basics'),
    });
    expect(problems).toEqual([
      { file: '01-basics/chapter.md', field: 'title', message: 'must be "Basics" (verbatim from the outline)' },
      { file: '03-extra', message: 'folder does not match any chapter of the outline (expected "NN-chapter-title-slug")' },
    ]);
  });

  it('an outline without chapters', async () => {
    const problems = await problemsFor({}, { course: 'X', chapters: [] });
    expect(problems[0]).toMatchObject({ file: 'outline.json', field: 'chapters' });
  });

  it('collects every problem before failing, sorted by file', async () => {
    const problems = await problemsFor({
      [LESSON_PATH]: lessonFile(validLesson({ title: 'Wrong', remember: [] })),
      '02-advanced-topics/2.1-deep-dive.md': lessonFile(validLesson({ id: '2.1', title: 'Deep dive', keywords: [] })),
    });
    expect(problems.map((p) => `${p.file} ${p.field}`)).toEqual(['01-basics/1.1-first-steps.md remember', '02-advanced-topics/2.1-deep-dive.md keywords']);
  });
});
