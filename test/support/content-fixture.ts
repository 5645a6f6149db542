import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A tiny course: two chapters, so tests can break one file at a time. */
export const OUTLINE = {
  course: 'Test Course',
  chapters: [
    {
      number: 1,
      title: 'Basics',
      subchapters: [
        { id: '1.1', title: 'First steps' },
        { id: '1.2', title: 'Second: more steps' },
      ],
    },
    { number: 2, title: 'Advanced topics', subchapters: [{ id: '2.1', title: 'Deep dive' }] },
  ],
};

export const validQuestion = (n = 1) => ({
  question: `Which statement about step ${n} is true?`,
  choices: ['It comes first', 'It comes last', 'It is optional', 'It is deprecated'],
  answer: 0,
  explanation: 'The first step always comes before every other step in this course.',
  difficulty: 1,
});

export function lessonFile(front: Record<string, unknown>, body = 'A short lesson body with **bold** words.'): string {
  return `---\n${JSON.stringify(front, null, 2)}\n---\n${body}\n`;
}

export const validLesson = (overrides: Record<string, unknown> = {}) => ({
  id: '1.1',
  title: 'First steps',
  sources: ['https://docs.aws.amazon.com/whitepapers/latest/aws-overview/introduction.html'],
  reviewed: '2026-12',
  keywords: ['steps', 'start'],
  remember: ['One', 'Two', 'Three'],
  quiz: [validQuestion(1)],
  ...overrides,
});

/** Writes a content folder; `files` maps relative paths to file contents. */
export async function writeContent(files: Record<string, string>, outline: unknown = OUTLINE): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-content-'));
  await writeFile(path.join(dir, 'outline.json'), JSON.stringify(outline));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

export const chapterFile = (number: number, title: string, body = 'Overview of the chapter.') => `---\nnumber: ${number}\ntitle: "${title}"\n---\n${body}\n`;
