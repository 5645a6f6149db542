import { z } from 'zod';
import { lessonIdArg } from '../quiz/button-args.js';
import { defineAction } from '../core/actions.js';
import type { InteractionContext } from '../core/command.js';
import { notFound } from '../core/errors.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import { truncate } from '../core/markdown.js';
import { reply, type Button, type Reply } from '../core/reply.js';
import { DISCORD } from '../core/limits.js';
import { quoteUserText } from '../core/sanitize.js';
// The quiz links back to lessons, so these modules import each other: use quiz exports inside functions only, never while loading.
import { nextQuestionButton } from '../quiz/practice.js';
import { doneButton } from '../plans/progress-buttons.js';
import type { CourseCatalog } from './catalog.js';
import { sourceLinks } from './sources.js';
import type { Chapter, Subchapter } from './model.js';

/**
 * How lessons, chapters and the table of contents look as core replies, and
 * the buttons that page through them.
 * `shared` replies sit in a channel for everyone, so their buttons open a new
 * private reply instead of changing the message under other people's eyes.
 */
export type Visibility = 'private' | 'shared';

/** On the wire a button's visibility is one letter: `p` turns the page in place, `s` answers privately. */
const visibilityArg = z.codec(z.enum(['p', 's']), z.enum(['private', 'shared']), {
  decode: (mode) => (mode === 's' ? 'shared' : 'private'),
  encode: (visibility) => (visibility === 'shared' ? 's' : 'p'),
});
const chapterNumberArg = z.codec(z.string().regex(/^\d{1,3}$/), z.int().nonnegative(), { decode: Number, encode: String });

/** Opening a lesson counts as reading it (progress, stats), whether typed or clicked. */
export async function openLesson(ctx: InteractionContext, sub: Subchapter, visibility: Visibility, alsoSee: Subchapter[] = []): Promise<Reply> {
  const { course, lessonViews, clock } = ctx.services;
  // Unwritten lessons are not "opened": they would inflate progress and stats.
  if (sub.lesson) await lessonViews.record(ctx.tenant.id, ctx.user.id, sub.id, clock.now());
  return lessonReply(course, sub, visibility, alsoSee);
}

/** A click on a private reply turns its page; on a shared one it answers privately. */
const asClick = (r: Reply, visibility: Visibility): Reply => (visibility === 'private' ? { ...r, updateSource: true } : { ...r, private: true });

export const openLessonButton = defineAction({
  name: 'lesson:open',
  args: z.tuple([lessonIdArg, visibilityArg]),
  async handle(ctx, [id, visibility]) {
    const sub = ctx.services.course.subchapter(id);
    if (!sub) throw notFound(`Lesson ${id} is no longer in the course. Try \`/lesson\`.`);
    return asClick(await openLesson(ctx, sub, visibility), visibility);
  },
});

export const openChapterButton = defineAction({
  name: 'lesson:chapter',
  args: z.tuple([chapterNumberArg, visibilityArg]),
  handle(ctx, [n, visibility]) {
    const chapter = ctx.services.course.chapter(n);
    if (!chapter) throw notFound(`Chapter ${n} is no longer in the course. Try \`/lesson\`.`);
    return asClick(chapterReply(ctx.services.course, chapter, visibility), visibility);
  },
});

export const contentsButton = defineAction({
  name: 'lesson:contents',
  args: z.tuple([visibilityArg]),
  handle(ctx, [visibility]) {
    return asClick(contentsReply(ctx.services.course, visibility), visibility);
  },
});

function chapterLine(chapter: Chapter): string {
  return `Chapter ${chapter.number} · ${chapter.title}`;
}

/** Built lesson replies, per course (a new course after a content reload starts afresh). */
const lessonReplies = new WeakMap<CourseCatalog, ExpiringCache<string, Reply>>();
const MAX_LESSON_REPLIES = 1024;

/**
 * A lesson's reply depends on nothing but the course and these arguments, and
 * every `/lesson` and page turn needs one: it is built once (each build made
 * about 50 KB of garbage, measured) and frozen, so that no caller can change
 * the copy everyone shares.
 */
export function lessonReply(course: CourseCatalog, sub: Subchapter, visibility: Visibility, alsoSee: Subchapter[] = []): Reply {
  let replies = lessonReplies.get(course);
  if (!replies) lessonReplies.set(course, (replies = new ExpiringCache(Number.POSITIVE_INFINITY, MAX_LESSON_REPLIES)));
  const key = `${sub.id}|${visibility}|${alsoSee.map((s) => s.id).join(',')}`;
  return replies.remember(key, () => frozen(buildLessonReply(course, sub, visibility, alsoSee)));
}

/** The reply and the lists inside it, read-only. */
function frozen(r: Reply): Reply {
  for (const row of r.buttons ?? []) for (const button of Object.freeze(row)) Object.freeze(button);
  for (const list of [r.buttons, r.fields, r.links]) if (list) Object.freeze(list);
  for (const field of r.fields ?? []) Object.freeze(field);
  return Object.freeze(r);
}

function buildLessonReply(course: CourseCatalog, sub: Subchapter, visibility: Visibility, alsoSee: Subchapter[]): Reply {
  const chapter = course.chapterOf(sub);
  const { previous, next } = course.neighbours(sub.id);
  const index = chapter.subchapters.indexOf(sub) + 1;
  const nav: Button[] = [];
  if (previous) nav.push({ label: `◀ ${previous.id}`, action: openLessonButton.id([previous.id, visibility]), style: 'secondary' });
  nav.push({ label: `📘 Chapter ${chapter.number}`, action: openChapterButton.id([chapter.number, visibility]), style: 'secondary' });
  if (next) nav.push({ label: `${next.id} ▶`, action: openLessonButton.id([next.id, visibility]), style: 'primary' });
  // Practice replies and the Done confirmation are private, so the buttons work the same on a shared lesson.
  const study: Button[] = [
    ...(sub.lesson ? [{ label: '🧠 Quiz me', action: nextQuestionButton.id([sub.id]), style: 'success' as const }] : []),
    { label: '✅ Done', action: doneButton.id([sub.id]), style: 'secondary' },
  ];
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
    buttons: [nav, study],
    // Where the facts come from: the official pages the lesson was checked against.
    links: sub.lesson ? sourceLinks(sub.lesson.sources) : undefined,
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
  if (previous) buttons.push({ label: `◀ Chapter ${previous.number}`, action: openChapterButton.id([previous.number, visibility]), style: 'secondary' });
  buttons.push({ label: `Start ${first.id}`, action: openLessonButton.id([first.id, visibility]), style: 'primary' });
  if (next) buttons.push({ label: `Chapter ${next.number} ▶`, action: openChapterButton.id([next.number, visibility]), style: 'secondary' });
  buttons.push({ label: '📚 Contents', action: contentsButton.id([visibility]), style: 'secondary' });
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
    buttons: [[{ label: `Start with ${first.id}`, action: openLessonButton.id([first.id, visibility]), style: 'primary' }]],
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
      ? [suggestions.map((s) => ({ label: `📖 ${s.id}`, action: openLessonButton.id([s.id, 'private']), style: 'secondary' as const }))]
      : undefined,
  });
}
