import { encodeAction } from '../core/actions.js';
import { truncate } from '../core/markdown.js';
import { reply, type Button, type Reply } from '../core/reply.js';
import { DISCORD } from '../core/limits.js';
import { quoteUserText } from '../core/sanitize.js';
import type { CourseCatalog } from './catalog.js';
import type { Chapter, Subchapter } from './model.js';

/**
 * How lessons, chapters and the table of contents look as core replies.
 * `shared` replies sit in a channel for everyone, so their buttons open a new
 * private reply instead of changing the message under other people's eyes.
 */
export type Visibility = 'private' | 'shared';
const MODE = { private: 'p', shared: 's' } as const;

export const openLessonAction = (id: string, visibility: Visibility = 'private'): string =>
  encodeAction('lesson', 'open', id, MODE[visibility]);
const openChapterAction = (n: number, visibility: Visibility): string => encodeAction('lesson', 'chapter', n, MODE[visibility]);
const contentsAction = (visibility: Visibility): string => encodeAction('lesson', 'contents', MODE[visibility]);

export const visibilityFromMode = (mode: string): Visibility => (mode === 's' ? 'shared' : 'private');

function chapterLine(chapter: Chapter): string {
  return `Chapter ${chapter.number} · ${chapter.title}`;
}

export function lessonReply(course: CourseCatalog, sub: Subchapter, visibility: Visibility, alsoSee: Subchapter[] = []): Reply {
  const chapter = course.chapterOf(sub);
  const { previous, next } = course.neighbours(sub.id);
  const index = chapter.subchapters.indexOf(sub) + 1;
  const nav: Button[] = [];
  if (previous) nav.push({ label: `◀ ${previous.id}`, action: openLessonAction(previous.id, visibility), style: 'secondary' });
  nav.push({ label: `📘 Chapter ${chapter.number}`, action: openChapterAction(chapter.number, visibility), style: 'secondary' });
  if (next) nav.push({ label: `${next.id} ▶`, action: openLessonAction(next.id, visibility), style: 'primary' });
  // Practice replies are private, so the button works the same on a shared lesson.
  const quizMe: Button[] = sub.lesson ? [{ label: '🧠 Quiz me', action: encodeAction('quiz', 'more', sub.id), style: 'success' }] : [];
  const fields = [];
  if (sub.lesson) fields.push({ name: 'What you should remember', value: sub.lesson.remember.map((b) => `• ${b}`).join('\n') });
  if (alsoSee.length) {
    fields.push({ name: 'Also see', value: alsoSee.slice(0, 5).map((s) => `\`${s.id}\` ${s.title}`).join('\n') });
  }
  return reply({
    title: truncate(course.lessonLabel(sub), DISCORD.embedTitle),
    body: sub.lesson?.body ?? `📝 This lesson is not written yet. It belongs to ${chapterLine(chapter)}; the chapter page lists what is available.`,
    fields,
    footer: `${chapterLine(chapter)} · lesson ${index} of ${chapter.subchapters.length}`,
    buttons: quizMe.length ? [nav, quizMe] : [nav],
    private: visibility === 'private',
    accent: 'info',
  });
}

export function chapterReply(course: CourseCatalog, chapter: Chapter, visibility: Visibility): Reply {
  const list = chapter.subchapters.map((s) => `\`${s.id}\` ${s.title}${s.lesson ? '' : ' _(not written yet)_'}`).join('\n');
  const previous = course.chapter(chapter.number - 1);
  const next = course.chapter(chapter.number + 1);
  const first = chapter.subchapters[0]!;
  const buttons: Button[] = [];
  if (previous) buttons.push({ label: `◀ Chapter ${previous.number}`, action: openChapterAction(previous.number, visibility), style: 'secondary' });
  buttons.push({ label: `Start ${first.id}`, action: openLessonAction(first.id, visibility), style: 'primary' });
  if (next) buttons.push({ label: `Chapter ${next.number} ▶`, action: openChapterAction(next.number, visibility), style: 'secondary' });
  buttons.push({ label: '📚 Contents', action: contentsAction(visibility), style: 'secondary' });
  return reply({
    title: truncate(chapterLine(chapter), DISCORD.embedTitle),
    body: `${chapter.overview ?? '_The chapter overview is not written yet._'}\n\n**Lessons**\n${list}`,
    footer: `${chapter.subchapters.length} lessons · /lesson ${first.id} opens the first one`,
    buttons: [buttons],
    private: visibility === 'private',
    accent: 'info',
  });
}

export function contentsReply(course: CourseCatalog, visibility: Visibility): Reply {
  const lines = course.allChapters.map((c) => `\`${String(c.number).padStart(2, ' ')}\` ${c.title} · ${c.subchapters.length}`);
  const first = course.subchapters[0]!;
  return reply({
    title: `📚 ${course.title}`,
    body: lines.join('\n'),
    footer: `${course.allChapters.length} chapters · ${course.subchapters.length} lessons (${course.writtenLessons} written) · /lesson 17 opens a chapter, /lesson 17.3 a lesson`,
    buttons: [[{ label: `Start with ${first.id}`, action: openLessonAction(first.id, visibility), style: 'primary' }]],
    private: visibility === 'private',
    accent: 'info',
  });
}

export function noMatchReply(course: CourseCatalog, input: string, suggestions: Subchapter[], hint?: string): Reply {
  const typed = quoteUserText(input, 60);
  const did = suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s.id}\` ${s.title}`).join(', ')}?` : '';
  return reply({
    body: `No lesson matches "${typed}".${hint ? ` ${hint}` : ''}${did}\nTry \`/lesson\` for the table of contents, or a keyword such as \`/lesson fargate\`.`,
    private: true,
    accent: 'warning',
    buttons: suggestions.length
      ? [suggestions.map((s) => ({ label: `📖 ${s.id}`, action: openLessonAction(s.id, 'private'), style: 'secondary' as const }))]
      : undefined,
  });
}
