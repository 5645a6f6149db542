import type { OptionChoice } from '../core/command.js';
import { DISCORD } from '../core/limits.js';
import { truncate } from '../core/markdown.js';
import type { Chapter, Course, Question, Subchapter } from './model.js';
import { LessonSearch, normalizeTerm } from './search.js';

export type TopicMatch =
  | { kind: 'contents' }
  | { kind: 'chapter'; chapter: Chapter }
  | { kind: 'lesson'; sub: Subchapter; alsoSee: Subchapter[] }
  | { kind: 'none'; suggestions: Subchapter[]; hint?: string };

const ID = /^(\d{1,9})\.(\d{1,9})$/;
const CHAPTER = /^(?:ch(?:apter)?\.?\s*)?(\d{1,9})$/i;
/** Mentions and platform markup are never a topic: answering them could echo a ping. */
const MENTION = /@(everyone|here)|<[@#!]/i;

/** Read-only view of the course with the lookups every command needs. */
export class CourseCatalog {
  readonly subchapters: readonly Subchapter[];
  private readonly byId: Map<string, Subchapter>;
  private readonly chapters: Map<number, Chapter>;
  private readonly position: Map<string, number>;
  private searchIndex?: LessonSearch;
  private byQuestionKey?: Map<string, Question>;

  constructor(readonly course: Course) {
    this.subchapters = course.chapters.flatMap((c) => c.subchapters);
    this.byId = new Map(this.subchapters.map((s) => [s.id, s]));
    this.chapters = new Map(course.chapters.map((c) => [c.number, c]));
    this.position = new Map(this.subchapters.map((s, i) => [s.id, i]));
  }

  /** Built on first use (or by `warmUp` once the bot is ready) to keep start-up fast. */
  private get search(): LessonSearch {
    this.searchIndex ??= new LessonSearch(this.course);
    return this.searchIndex;
  }

  warmUp(): void {
    void this.search;
  }

  get title(): string {
    return this.course.title;
  }

  get allChapters(): readonly Chapter[] {
    return this.course.chapters;
  }

  subchapter(id: string): Subchapter | undefined {
    return this.byId.get(id);
  }

  chapter(number: number): Chapter | undefined {
    return this.chapters.get(number);
  }

  chapterOf(sub: Subchapter): Chapter {
    return this.chapters.get(sub.chapter)!;
  }

  /** Previous and next subchapter in course order, crossing chapter borders. */
  neighbours(id: string): { previous?: Subchapter; next?: Subchapter } {
    const i = this.position.get(id);
    if (i === undefined) return {};
    return { previous: this.subchapters[i - 1], next: this.subchapters[i + 1] };
  }

  get writtenLessons(): number {
    return this.subchapters.filter((s) => s.lesson).length;
  }

  get questions(): Question[] {
    return this.subchapters.flatMap((s) => s.lesson?.questions ?? []);
  }

  /** A question by its stable key; undefined once its wording changed or it was removed. */
  question(key: string): Question | undefined {
    this.byQuestionKey ??= new Map(this.questions.map((q) => [q.key, q]));
    return this.byQuestionKey.get(key);
  }

  /** Resolves what a learner typed after /lesson. */
  resolve(input: string | undefined): TopicMatch {
    const topic = (input ?? '').trim();
    if (!topic) return { kind: 'contents' };
    const id = ID.exec(topic);
    if (id) {
      const sub = this.byId.get(`${Number(id[1])}.${Number(id[2])}`);
      if (sub) return { kind: 'lesson', sub, alsoSee: [] };
      const chapter = this.chapters.get(Number(id[1]));
      return {
        kind: 'none',
        suggestions: chapter ? chapter.subchapters.slice(0, 3) : [],
        hint: chapter ? this.chapterRange(chapter) : this.courseRange(),
      };
    }
    const chapterMatch = CHAPTER.exec(topic);
    if (chapterMatch) {
      const chapter = this.chapters.get(Number(chapterMatch[1]));
      return chapter ? { kind: 'chapter', chapter } : { kind: 'none', suggestions: [], hint: this.courseRange() };
    }
    if (MENTION.test(topic)) return { kind: 'none', suggestions: [] };
    // Very long input is not a topic anyone types; searching a prefix keeps the cost bounded.
    const query = topic.slice(0, 200);
    const [best, ...rest] = this.search.search(query, 6);
    if (best) return { kind: 'lesson', sub: best.sub, alsoSee: rest.map((h) => h.sub) };
    return { kind: 'none', suggestions: this.search.suggest(query, 3) };
  }

  /** Up to 25 choices: id prefix matches first, then title/keyword matches. */
  autocomplete(input: string): OptionChoice[] {
    const typed = normalizeTerm(input.trim()).slice(0, 100);
    const choices: Subchapter[] = [];
    const add = (s: Subchapter): void => {
      if (choices.length < DISCORD.autocompleteChoices && !choices.includes(s)) choices.push(s);
    };
    const chapterChoices: OptionChoice[] = [];
    if (!typed) {
      this.subchapters.slice(0, DISCORD.autocompleteChoices).forEach(add);
    } else if (/^\d/.test(typed)) {
      const chapter = CHAPTER.exec(typed) && this.chapters.get(Number(typed));
      if (chapter) chapterChoices.push(this.chapterChoice(chapter));
      this.subchapters.filter((s) => s.id.startsWith(typed) || s.id.startsWith(`${typed}.`)).forEach(add);
    }
    if (typed && choices.length < DISCORD.autocompleteChoices) {
      this.search.search(typed, DISCORD.autocompleteChoices).forEach((h) => add(h.sub));
    }
    return [...chapterChoices, ...choices.map((s) => this.lessonChoice(s))].slice(0, DISCORD.autocompleteChoices);
  }

  lessonLabel(sub: Subchapter): string {
    return `${sub.id} · ${sub.title}`;
  }

  private lessonChoice(sub: Subchapter): OptionChoice {
    const suffix = sub.lesson ? '' : ' (not written yet)';
    return { name: truncate(this.lessonLabel(sub), DISCORD.autocompleteChoiceName - suffix.length) + suffix, value: sub.id };
  }

  private chapterChoice(chapter: Chapter): OptionChoice {
    return { name: truncate(`Chapter ${chapter.number} · ${chapter.title}`, DISCORD.autocompleteChoiceName), value: String(chapter.number) };
  }

  private chapterRange(chapter: Chapter): string {
    const first = chapter.subchapters[0]!.id;
    const last = chapter.subchapters.at(-1)!.id;
    return `Chapter ${chapter.number} has lessons ${first}–${last}.`;
  }

  private courseRange(): string {
    const numbers = this.course.chapters.map((c) => c.number);
    return `The course has chapters ${Math.min(...numbers)}–${Math.max(...numbers)}.`;
  }
}
