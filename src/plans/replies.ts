import { z } from 'zod';
import { lessonIdArg, postIdArg } from '../quiz/button-args.js';
import type { CourseCatalog } from '../content/catalog.js';
import type { Subchapter } from '../content/model.js';
// Lessons and plans link to each other: use these imports inside functions only.
import { openLesson } from '../content/replies.js';
import { nextQuestionButton } from '../quiz/practice.js';
import { defineAction } from '../core/actions.js';
import { notFound } from '../core/errors.js';
import { truncate } from '../core/markdown.js';
import { DISCORD } from '../core/limits.js';
import { reply, stripMarkdown, type Button, type Reply } from '../core/reply.js';
import { positionOf } from './course-order.js';
import type { PlanPost } from './model.js';
import { doneButton } from './progress-buttons.js';

/**
 * 📖 Read on a plan post: the whole lesson, privately. The post's id rides
 * along so each post's first button is its own (the outbox recognises a post
 * already sent by it).
 */
export const readLessonButton = defineAction({
  name: 'plan:read',
  args: z.tuple([postIdArg, lessonIdArg]),
  async handle(ctx, [, id]) {
    const sub = ctx.services.course.subchapter(id);
    if (!sub) throw notFound(`Lesson ${id} is no longer in the course. Try \`/lesson\`.`);
    return { ...(await openLesson(ctx, sub, 'private')), private: true };
  },
});

const TEASER_CHARS = 280;

/** The lesson's opening prose, cut at a sentence: what makes someone press Read. */
export function teaser(sub: Subchapter): string {
  const paragraphs = (sub.lesson?.body ?? '').split(/\n\s*\n/).map((p) => p.trim());
  const prose = paragraphs.find((p) => p && !/^(#|```|\||[-*] |\d+\. |>)/.test(p)) ?? '';
  const text = stripMarkdown(prose).replace(/\s+/g, ' ');
  if (text.length <= TEASER_CHARS) return text;
  const cut = text.slice(0, TEASER_CHARS);
  const sentence = cut.lastIndexOf('. ');
  return sentence > TEASER_CHARS / 2 ? cut.slice(0, sentence + 1) : `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

function lessonButtons(post: Pick<PlanPost, 'id'>, sub: Subchapter, numbered: boolean): Button[] {
  const suffix = numbered ? ` ${sub.id}` : '';
  return [
    { label: `📖 Read${suffix}`, action: readLessonButton.id([post.id, sub.id]), style: 'primary' },
    { label: `✅ Done${suffix}`, action: doneButton.id([sub.id]), style: 'success' },
    ...(sub.lesson ? [{ label: `🧠 Quiz me${suffix}`, action: nextQuestionButton.id([sub.id]), style: 'secondary' as const }] : []),
  ];
}

/** A study day's post in the channel: each lesson's title, teaser and key points, with Read, Done and Quiz me. */
export function planPostReply(course: CourseCatalog, post: Pick<PlanPost, 'id' | 'lessonIds'>): Reply {
  const lessons = post.lessonIds.map((id) => course.subchapter(id)).filter((s): s is Subchapter => Boolean(s));
  const first = lessons[0];
  const many = lessons.length > 1;
  const fields = lessons.map((sub) => {
    const remember = (sub.lesson?.remember ?? []).map((point) => `• ${point}`).join('\n');
    const value = [teaser(sub), remember ? `**What you should remember**\n${remember}` : ''].filter(Boolean).join('\n\n');
    return { name: truncate(`${sub.id} · ${sub.title}`, DISCORD.embedFieldName), value: truncate(value || '_Not written yet._', DISCORD.embedFieldValue) };
  });
  const total = course.subchapters.length;
  const chapter = first ? first.chapter : 0;
  return reply({
    title: many
      ? `📅 Today's lessons: ${lessons.map((s) => s.id).join(', ')}`
      : `📅 Today's lesson: ${first ? course.lessonLabel(first) : ''}`.slice(0, DISCORD.embedTitle),
    fields,
    footer: `Study plan · lesson ${first ? positionOf(course, first.id) : 0} of ${total} · chapter ${chapter} · /plan status · /progress`,
    buttons: lessons.map((sub) => lessonButtons(post, sub, many)),
    accent: 'info',
  });
}
