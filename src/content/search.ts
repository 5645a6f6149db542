import MiniSearch, { type SearchResult } from 'minisearch';
import type { Course, Subchapter } from './model.js';
import { PackedTerms, type TermPostings } from './packed-terms.js';
import { foldAccents } from './slug.js';

/** Lowercase, accents folded: "Fárgate" and "FARGATE" both find "fargate". */
export function normalizeTerm(term: string): string {
  return foldAccents(term).toLowerCase();
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'is', 'are', 'vs', 'how', 'what', 'when']);

interface LessonDocument {
  id: string;
  title: string;
  keywords: string;
  text: string;
}

export interface SearchHit {
  sub: Subchapter;
  score: number;
}

/**
 * Full-text search over ids, titles, keywords and lesson text, weighted so a
 * keyword or title hit beats a passing mention in the body.
 */
export class LessonSearch {
  private readonly index: MiniSearch<LessonDocument>;
  private readonly byId: Map<string, Subchapter>;

  /** `packed: false` keeps MiniSearch's own term index: the reference the packed one is tested against. */
  constructor(course: Course, { packed = true }: { packed?: boolean } = {}) {
    const subs = course.chapters.flatMap((c) => c.subchapters);
    this.byId = new Map(subs.map((s) => [s.id, s]));
    this.index = new MiniSearch<LessonDocument>({
      fields: ['title', 'keywords', 'text'],
      storeFields: [],
      processTerm: (term) => {
        const t = normalizeTerm(term);
        return STOP_WORDS.has(t) ? null : t;
      },
      tokenize: (text) => text.split(/[^\p{L}\p{N}@.]+/u).flatMap((t) => (t.includes('.') ? [t, ...t.split('.')] : [t])).filter(Boolean),
      searchOptions: { boost: { keywords: 4, title: 3, text: 1 } },
    });
    this.index.addAll(
      subs.map((s) => ({
        id: s.id,
        title: s.title,
        keywords: (s.lesson?.keywords ?? []).join(' '),
        text: s.lesson?.body ?? '',
      })),
    );
    if (packed) packTermIndex(this.index);
  }

  /** Best matches first. Every word must match; falls back to any word when nothing does. */
  search(query: string, limit = 6): SearchHit[] {
    const options = {
      prefix: (term: string) => term.length >= 3,
      fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
    };
    let results: SearchResult[] = this.index.search(query, { ...options, combineWith: 'AND' });
    if (results.length === 0) results = this.index.search(query, { ...options, combineWith: 'OR' });
    return results.slice(0, limit).map((r) => ({ sub: this.byId.get(String(r.id))!, score: r.score }));
  }

  /** Looser matching for "did you mean": more typo tolerance. */
  suggest(query: string, limit = 3): Subchapter[] {
    return this.index
      .search(query, { fields: ['title', 'keywords'], prefix: true, fuzzy: 0.25, combineWith: 'OR' })
      .slice(0, limit)
      .map((r) => this.byId.get(String(r.id))!);
  }
}

/**
 * Swaps MiniSearch's term index (a radix tree of Maps, 5 MB for the course)
 * for the same terms packed into arrays (packed-terms.ts): the course never
 * changes while the bot runs, and search reads the index through three calls
 * that PackedTerms answers identically. MiniSearch is pinned by the lockfile;
 * `test/unit/search.test.ts` compares every kind of query against an unpacked
 * index, so a MiniSearch that read its index differently fails there.
 */
function packTermIndex(index: MiniSearch<LessonDocument>): void {
  const internals = index as unknown as { _index: Iterable<[string, TermPostings]> | PackedTerms };
  internals._index = new PackedTerms(internals._index as Iterable<[string, TermPostings]>);
}
