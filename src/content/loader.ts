import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CONTENT, DISCORD } from '../core/limits.js';
import { fencesBalanced, monospaceLines, tablesToMonospace, wordCount } from '../core/markdown.js';
import { parseFrontMatter } from './front-matter.js';
import type { Chapter, Course, Lesson, Question, Subchapter } from './model.js';
import { chapterFolderName, lessonFileName } from './slug.js';
import { chapterFrontMatterSchema, lessonFrontMatterSchema, outlineSchema, type Outline } from './schema.js';

export interface ContentProblem {
  file: string;
  field?: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `Content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.file}${p.field ? ` › ${p.field}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'ContentError';
  }
}

/** Stable across reordering; changes only when the question's wording changes. */
export function questionKey(lessonId: string, question: string): string {
  const normalized = question.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${lessonId}:${createHash('sha1').update(normalized).digest('hex').slice(0, 10)}`;
}

function zodProblems(file: string, error: z.ZodError): ContentProblem[] {
  return error.issues.map((issue) => ({
    file,
    field: issue.path.length ? issue.path.join('.') : undefined,
    message: issue.message,
  }));
}

/**
 * Loads and validates the whole course from `contentDir`. Collects every problem
 * before failing so an author sees all of them at once.
 */
export interface LoadOptions {
  /** Load only these chapters' folders (authoring aid: other chapters may be mid-edit). */
  onlyChapters?: ReadonlySet<number>;
}

export async function loadCourse(contentDir: string, options: LoadOptions = {}): Promise<Course> {
  const problems: ContentProblem[] = [];
  const outline = await loadOutline(contentDir);
  const chapters: Chapter[] = outline.chapters.map((c) => ({
    number: c.number,
    title: c.title,
    subchapters: c.subchapters.map((s) => ({ id: s.id, chapter: c.number, title: s.title })),
  }));
  const byFolder = new Map(chapters.map((c) => [chapterFolderName(c), c]));

  const entries = await readdir(contentDir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  await Promise.all(
    folders.map(async (folder) => {
      const chapter = byFolder.get(folder);
      if (chapter && options.onlyChapters && !options.onlyChapters.has(chapter.number)) return;
      if (!chapter) {
        problems.push({ file: folder, message: 'folder does not match any chapter of the outline (expected "NN-chapter-title-slug")' });
        return;
      }
      await loadChapterFolder(path.join(contentDir, folder), folder, chapter, problems);
    }),
  );

  const seenQuestions = new Map<string, string>();
  for (const sub of chapters.flatMap((c) => c.subchapters)) {
    for (const [index, q] of (sub.lesson?.questions ?? []).entries()) {
      const normalized = q.question.trim().toLowerCase().replace(/\s+/g, ' ');
      const other = seenQuestions.get(normalized);
      if (other) {
        problems.push({ file: sub.lesson!.file, field: `quiz.${index}.question`, message: `duplicates a question in ${other}` });
      } else {
        seenQuestions.set(normalized, sub.lesson!.file);
      }
    }
  }

  if (problems.length) {
    problems.sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));
    throw new ContentError(problems);
  }
  return { title: outline.course, chapters };
}

async function loadOutline(contentDir: string): Promise<Outline> {
  const file = 'outline.json';
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(contentDir, file), 'utf8'));
  } catch (error) {
    throw new ContentError([{ file, message: `cannot be read: ${(error as Error).message}` }]);
  }
  const parsed = outlineSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(zodProblems(file, parsed.error));
  return parsed.data;
}

async function loadChapterFolder(dir: string, folder: string, chapter: Chapter, problems: ContentProblem[]): Promise<void> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const byId = new Map(chapter.subchapters.map((s) => [s.id, s]));
  await Promise.all(
    files.map(async (name) => {
      const file = `${folder}/${name}`;
      let doc;
      try {
        doc = parseFrontMatter(await readFile(path.join(dir, name), 'utf8'));
      } catch (error) {
        problems.push({ file, message: (error as Error).message });
        return;
      }
      if (name === 'chapter.md') {
        validateChapter(file, doc.data, doc.body, chapter, problems);
        return;
      }
      const lesson = validateLesson(file, name, doc.data, doc.body, chapter, byId, problems);
      if (lesson) {
        const sub = byId.get(lesson.id)!;
        if (sub.lesson) problems.push({ file, field: 'id', message: `${lesson.id} is also defined in ${sub.lesson.file}` });
        else sub.lesson = lesson.lesson;
      }
    }),
  );
}

function validateChapter(file: string, data: unknown, body: string, chapter: Chapter, problems: ContentProblem[]): void {
  const parsed = chapterFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    problems.push(...zodProblems(file, parsed.error));
    return;
  }
  if (parsed.data.number !== chapter.number) {
    problems.push({ file, field: 'number', message: `is ${parsed.data.number} but the folder is chapter ${chapter.number}` });
  }
  if (parsed.data.title !== chapter.title) {
    problems.push({ file, field: 'title', message: `must be "${chapter.title}" (verbatim from the outline)` });
  }
  if (!body) problems.push({ file, field: 'body', message: 'the chapter overview is empty' });
  if (body.length > CONTENT.chapterOverview) {
    problems.push({ file, field: 'body', message: `the overview is ${body.length} characters; at most ${CONTENT.chapterOverview}` });
  }
  chapter.overview = body;
}

function validateLesson(
  file: string,
  name: string,
  data: unknown,
  body: string,
  chapter: Chapter,
  byId: Map<string, Subchapter>,
  problems: ContentProblem[],
): { id: string; lesson: Lesson } | undefined {
  const parsed = lessonFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    problems.push(...zodProblems(file, parsed.error));
    return undefined;
  }
  const fm = parsed.data;
  const sub = byId.get(fm.id);
  if (!sub) {
    problems.push({ file, field: 'id', message: `${fm.id} is not a subchapter of chapter ${chapter.number} in the outline` });
    return undefined;
  }
  const before = problems.length;
  if (fm.title !== sub.title) problems.push({ file, field: 'title', message: `must be "${sub.title}" (verbatim from the outline)` });
  const expectedName = lessonFileName(sub);
  if (name !== expectedName) problems.push({ file, message: `file name must be "${expectedName}"` });
  checkBody(file, body, problems);
  const rememberLength = fm.remember.map((b) => `• ${b}`).join('\n').length;
  if (rememberLength > CONTENT.rememberList) {
    problems.push({ file, field: 'remember', message: `the bullets total ${rememberLength} characters; at most ${CONTENT.rememberList}` });
  }
  const questions: Question[] = fm.quiz.map((q) => ({
    key: questionKey(fm.id, q.question),
    lessonId: fm.id,
    question: q.question.trim(),
    choices: q.choices.map((c) => c.trim()) as Question['choices'],
    answer: q.answer,
    explanation: q.explanation.trim(),
    difficulty: q.difficulty ?? 2,
  }));
  if (problems.length > before) return undefined;
  return {
    id: fm.id,
    lesson: { body, sources: fm.sources, reviewed: fm.reviewed, keywords: fm.keywords, remember: fm.remember, questions, file, words: wordCount(body) },
  };
}

function checkBody(file: string, body: string, problems: ContentProblem[]): void {
  if (!body) {
    problems.push({ file, field: 'body', message: 'the lesson text is empty' });
    return;
  }
  if (!fencesBalanced(body)) problems.push({ file, field: 'body', message: 'a ``` code block is not closed' });
  const rendered = tablesToMonospace(body);
  if (rendered.length > CONTENT.lessonBody) {
    problems.push({ file, field: 'body', message: `is ${rendered.length} characters once rendered; at most ${DISCORD.embedDescription}` });
  }
  monospaceLines(body).forEach((line) => {
    if ([...line].length > CONTENT.monospaceLine) {
      problems.push({
        file,
        field: 'body',
        message: `a code or table line is ${[...line].length} characters wide (at most ${CONTENT.monospaceLine}): "${line.slice(0, 40)}…"`,
      });
    }
  });
}
