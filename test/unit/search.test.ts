import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/content/model.js';
import { PackedTerms, type TermPostings } from '../../src/content/packed-terms.js';
import { LessonSearch } from '../../src/content/search.js';
import { realCourse } from '../support/app.js';

let course: Course;
let packed: LessonSearch;
let unpacked: LessonSearch;
beforeAll(async () => {
  course = await realCourse();
  packed = new LessonSearch(course);
  unpacked = new LessonSearch(course, { packed: false });
});

/** Words a learner might type: every word of every title and keyword, lowercased. */
function courseWords(): string[] {
  const words = new Set<string>();
  for (const sub of course.chapters.flatMap((c) => c.subchapters)) {
    for (const text of [sub.title, ...(sub.lesson?.keywords ?? [])]) {
      for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word.length > 1) words.add(word);
    }
  }
  return [...words].sort();
}

/** One edit (dropped, doubled or swapped letter, or a wrong one) somewhere in `word`. */
const typoOf = (word: string, at: number, kind: number): string => {
  const i = at % word.length;
  switch (kind % 4) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : `${word}e`;
    default:
      return `${word.slice(0, i)}x${word.slice(i + 1)}`;
  }
};

describe('GIVEN the course indexed for search, its terms packed (the bot) and as MiniSearch keeps them', () => {
  it('WHEN a learner types any word of a title or keyword, or its first letters THEN both find the same lessons with the same scores', () => {
    const words = courseWords();
    expect(words.length).toBeGreaterThan(500);
    for (const word of words) {
      for (const query of [word, word.slice(0, 3), word.slice(0, 5)]) {
        expect(packed.search(query, 50), query).toEqual(unpacked.search(query, 50));
      }
    }
  });

  it('WHEN a learner mistypes words, alone or several at once THEN both find the same lessons, and suggest the same', () => {
    const words = courseWords();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(words.length - 1), fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 3 }), (picks) => {
        const query = picks.map(([w, at, kind, typo]) => (typo ? typoOf(words[w]!, at, kind) : words[w]!)).join(' ');
        expect(packed.search(query, 50), query).toEqual(unpacked.search(query, 50));
        expect(packed.suggest(query, 10), query).toEqual(unpacked.suggest(query, 10));
      }),
      { numRuns: 300 },
    );
  });
});

describe('PackedTerms against the term index it replaces (MiniSearch SearchableMap)', () => {
  /** A term's postings in a form toEqual compares with their order. */
  const plain = (postings: TermPostings | undefined) => (postings ? [...postings].map(([field, docs]) => [field, [...docs]]) : undefined);

  it('WHEN any terms are packed THEN get, prefixes and fuzzy matches (with their distances) come back the same and in the same order', () => {
    const term = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '3', '.', 'ab', 'ba'), minLength: 1, maxLength: 8 });
    const postings = fc.array(fc.tuple(fc.nat(2), fc.array(fc.tuple(fc.nat(70_000), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 3 })), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(term, postings), { maxLength: 60 }), term, fc.nat(3), (entries, query, maxDistance) => {
        const tree = new SearchableMap<TermPostings>();
        for (const [key, fields] of entries) tree.set(key, new Map(fields.map(([field, docs]) => [field, new Map(docs)])));
        const packedTerms = new PackedTerms(tree);
        expect(packedTerms.size).toBe(tree.size);
        expect(plain(packedTerms.get(query))).toEqual(plain(tree.get(query)));
        const prefixes = (iterable: Iterable<[string, TermPostings]>) => [...iterable].map(([key, value]) => [key, plain(value)]);
        expect(prefixes(packedTerms.atPrefix(query))).toEqual(prefixes(tree.atPrefix(query)));
        const fuzzy = (map: Map<string, [TermPostings, number]>) => [...map].map(([key, [value, distance]]) => [key, plain(value), distance]);
        expect(fuzzy(packedTerms.fuzzyGet(query, maxDistance))).toEqual(fuzzy(tree.fuzzyGet(query, maxDistance)));
      }),
      { numRuns: 1_000 },
    );
  });
});
