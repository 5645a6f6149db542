import { DISCORD } from './limits.js';
import type { Logger } from './ports.js';
import type { Reply } from './reply.js';
import { truncate } from './markdown.js';

/**
 * Cards: what a reply shows as a picture, described as data. A command puts a
 * `Card` on its reply; the bot has it drawn (a `CardRenderer`, outside the
 * core) while the reply goes out (`Reply.drawing`), and the outbox draws the
 * reveal's before sending it (`Reply.image`). The reply keeps all its text,
 * which is what screen readers, search and a platform without images get.
 */

export interface LeaderboardCardRow {
  rank: number;
  /** A member's or a team's name. */
  name: string;
  points: number;
  /** A short line beside the points: "12 right", "4 members". */
  detail: string;
  /** Days in a row (people's boards). */
  streak?: number;
  /** The member who asked, or their team. */
  you?: boolean;
}

export interface LeaderboardCard {
  kind: 'leaderboard';
  /** "People · this week", "Teams · all time". */
  title: string;
  /** The server or workspace, where the platform names it. */
  place?: string;
  rows: LeaderboardCardRow[];
  /** The caller's own line when it is below the top rows. */
  caller?: LeaderboardCardRow;
  /** "42 people on the board". */
  footer: string;
}

export interface PointsCardLine {
  label: string;
  base: number;
  speed: number;
  streak: number;
}

/** A quiz day on the calendar: the member's answer that day, or none to a post that has closed. */
export type QuizDayResult = 'right' | 'wrong' | 'missed';

export interface StatsCard {
  kind: 'stats';
  name: string;
  points: PointsCardLine[];
  accuracy: { correct: number; answered: number };
  streak: { current: number; best: number };
  rank?: { rank: number; of: number };
  /** The last 12 weeks, oldest first, each Monday to Sunday: undefined where there was no quiz. */
  calendar: { days: Array<QuizDayResult | undefined> };
}

export interface RevealCard {
  kind: 'reveal';
  /** The question, as asked. */
  question: string;
  /** The choices in the order shown (A–D), with how many picked each. */
  choices: Array<{ label: string; text: string; count: number; correct: boolean }>;
}

export interface ProgressCard {
  kind: 'progress';
  name: string;
  lessonsDone: number;
  lessonsTotal: number;
  /** Every chapter in course order, with the member's lessons done and mastery. */
  chapters: Array<{ number: number; state: 'mastered' | 'started' | 'not-started'; done: number; lessons: number }>;
  /** The chapter of the member's next lesson. */
  next?: number;
  /** The chapter the channel's study plan has reached. */
  plan?: number;
}

export type Card = LeaderboardCard | StatsCard | RevealCard | ProgressCard;

/** A drawn card: the PNG, its file name, and alt text for whoever cannot see it. */
export interface CardImage {
  /** The PNG's bytes. A renderer may keep them elsewhere (the drawing process): to upload, prefer `send`. */
  png(): Promise<Uint8Array>;
  /**
   * Sends the PNG as the file part of a multipart HTTP request, from wherever
   * the bytes are, so that an upload does not bring them into the bot's heap
   * (there, every card's copies brought V8's full collections onto the next
   * replies: docs/PERFORMANCE.md, "Why pictures lengthened the /leaderboard tail").
   */
  send(upload: CardUpload): Promise<CardUploadResult>;
  /** The PNG's length in bytes (Slack announces an upload by it). */
  size: number;
  name: string;
  /** A short caption, where a platform lists the file (Slack). */
  title: string;
  alt: string;
  width: number;
  height: number;
}

/** A multipart request carrying a card: text fields, then the PNG as `fileField` under the card's name. */
export interface CardUpload {
  url: string;
  method: 'POST' | 'PATCH';
  headers?: Record<string, string>;
  fields: Record<string, string>;
  fileField: string;
  /** The caller reads no successful answer (an edit whose result nothing needs): its body then stays where the request was made. */
  discardBody?: boolean;
}

/**
 * What the server answered: a status of 400 or more is the caller's to turn into an error. The
 * headers come with such a status only (a 429's retry-after), and the body unless discarded.
 */
export interface CardUploadResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Draws cards. Returns undefined when pictures are off; may throw, and the caller falls back to text. */
export interface CardRenderer {
  render(card: Card): Promise<CardImage | undefined>;
}

/**
 * The reply with its card drawn into `image`. A picture is a bonus: when
 * drawing fails the reply goes out as text, and only the log hears of it.
 */
export async function illustrated(reply: Reply, cards: CardRenderer, logger: Pick<Logger, 'warn'>): Promise<Reply> {
  if (!reply.card) return reply;
  try {
    const image = await cards.render(reply.card);
    return image ? { ...reply, image } : reply;
  } catch (error) {
    logger.warn({ err: error, card: reply.card.kind }, 'drawing a card failed; the reply goes out as text');
    return reply;
  }
}

/**
 * The reply with its card in `drawing`, drawn when a platform first awaits it
 * (once, however often it is awaited): the reply itself goes out at once, and
 * a card the platform cannot show (a private reply on Slack) is never drawn.
 */
export function withDrawing(reply: Reply, cards: CardRenderer, logger: Pick<Logger, 'warn'>): Reply {
  if (!reply.card) return reply;
  let drawn: Promise<CardImage | undefined> | undefined;
  const draw = () => (drawn ??= illustrated(reply, cards, logger).then((pictured) => pictured.image));
  return { ...reply, drawing: { then: (onDrawn, onFailed) => draw().then(onDrawn, onFailed) } };
}

/** The reply with its picture, once drawn: for platforms that show both at once (the console). */
export async function settled(reply: Reply): Promise<Reply> {
  if (!reply.drawing) return reply;
  const { drawing, ...rest } = reply;
  const image = await drawing;
  return image ? { ...rest, image } : rest;
}

/** Pictures off (`IMAGES=off`): every reply stays text. */
export const NO_CARDS: CardRenderer = { render: async () => undefined };

/**
 * Characters a name may carry that must not steer a card or its alt text: bidi
 * overrides and isolates (a name could flip the rest of its row), zero-width
 * spaces and joiners other than the emoji joiner, the BOM, control characters.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A name or title as a card shows it: one line, no steering characters, never empty. */
export function cardText(text: string, empty = '?'): string {
  const cleaned = text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return cleaned || empty;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The card's caption. */
export function cardTitle(card: Card): string {
  switch (card.kind) {
    case 'leaderboard':
      return `Leaderboard · ${card.title}`;
    case 'stats':
      return `Stats · ${cardText(card.name)}`;
    case 'reveal':
      return 'How everyone answered';
    case 'progress':
      return `Course progress · ${cardText(card.name)}`;
  }
}

/** What the card says, in words: the attachment's alt text. */
export function cardAltText(card: Card): string {
  let text: string;
  switch (card.kind) {
    case 'leaderboard': {
      const rows = [...card.rows, ...(card.caller ? [card.caller] : [])];
      const lines = rows.map((r) => `${r.rank}. ${cardText(r.name)}, ${plural(r.points, 'point')}${(r.streak ?? 0) >= 2 ? `, streak ${r.streak}` : ''}`);
      text = `Leaderboard card, ${card.title}${card.place ? `, ${cardText(card.place)}` : ''}: ${lines.join('; ') || 'no one yet'}. ${card.footer}.`;
      break;
    }
    case 'stats': {
      const { correct, answered } = card.accuracy;
      const counts = { right: 0, wrong: 0, missed: 0 };
      for (const day of card.calendar.days) if (day) counts[day] += 1;
      text =
        `Stats card for ${cardText(card.name)}: ` +
        card.points.map((p) => `${p.label} ${plural(p.base + p.speed + p.streak, 'point')}`).join(', ') +
        `; accuracy ${answered ? Math.round((100 * correct) / answered) : 0}% (${correct} of ${answered}); streak ${card.streak.current}, best ${card.streak.best}` +
        (card.rank ? `; rank ${card.rank.rank} of ${card.rank.of} this week` : '') +
        `; last 12 weeks: ${plural(counts.right, 'quiz day')} right, ${counts.wrong} wrong, ${counts.missed} missed.`;
      break;
    }
    case 'progress': {
      const mastered = card.chapters.filter((c) => c.state === 'mastered').map((c) => c.number);
      const started = card.chapters.filter((c) => c.state === 'started').map((c) => c.number);
      text =
        `Course map for ${cardText(card.name)}: ${card.lessonsDone} of ${card.lessonsTotal} lessons done; ` +
        `chapters mastered: ${mastered.join(', ') || 'none'}; started: ${started.join(', ') || 'none'}` +
        (card.next ? `; next lesson in chapter ${card.next}` : '') +
        (card.plan ? `; the study plan is at chapter ${card.plan}` : '') +
        '.';
      break;
    }
    case 'reveal': {
      const total = card.choices.reduce((n, c) => n + c.count, 0);
      const right = card.choices.find((c) => c.correct);
      text =
        `Answers chart, ${plural(total, 'answer')}: ` +
        card.choices.map((c) => `${c.label} ${c.count}${c.correct ? ' (the right answer)' : ''}`).join(', ') +
        (right ? `. The answer was ${right.label}: ${cardText(right.text)}.` : '.');
      break;
    }
  }
  return truncate(text, DISCORD.attachmentDescription);
}
