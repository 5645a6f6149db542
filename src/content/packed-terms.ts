/**
 * MiniSearch's term index, packed into a few arrays once the course is indexed.
 *
 * MiniSearch keeps its terms in a radix tree of `Map`s, with two more levels
 * of `Map`s per term (field → document → frequency): about 780 bytes for each
 * of the course's 6,600-odd terms, 5 MB of every replica's heap for an index
 * that never changes after start (docs/PERFORMANCE.md, "Idle memory under
 * 100 MB"). Searching reads the index through three calls only: `get` (a
 * term's postings), `atPrefix` and `fuzzyGet`. This class answers those three
 * from the terms in a flat array and their postings in one typed array, and
 * hands MiniSearch the same postings, in the same order, that its tree would
 * have, so that every score is computed exactly as before (the search tests
 * compare the two on every title word, keyword, prefix and typo).
 */

/** A term's postings as MiniSearch reads them: field id → (document short id → term frequency). */
export type TermPostings = Map<number, Map<number, number>>;

/** What MiniSearch's search reads from its index (its SearchableMap). */
export interface TermIndexReads {
  get(term: string): TermPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, TermPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermPostings, number]>;
}

export class PackedTerms implements TermIndexReads {
  /** Every term, in the order MiniSearch's tree iterator yields them: prefix matches keep it, fuzzy ones reverse it. */
  private readonly terms: string[];
  /** Positions in `terms`, sorted by the term's text: prefixes are found by binary search. */
  private readonly alphabetical: Uint32Array;
  /** Per place in `alphabetical`: how many leading characters its term shares with the one before (at most 255). */
  private readonly sharedWithPrevious: Uint8Array;
  /** term → its position in `terms`. */
  private readonly positions: Map<string, number>;
  /** Per term, from `offsets[i]`: field count, then per field its id, its posting count and that many (document, frequency) pairs. */
  private readonly postings: Uint16Array | Uint32Array;
  private readonly offsets: Uint32Array;

  /** Packs a term index (MiniSearch's SearchableMap, or anything iterable the same way). */
  constructor(index: Iterable<[string, TermPostings]>) {
    const terms: string[] = [];
    const numbers: number[] = [];
    const offsets: number[] = [];
    for (const [term, fields] of index) {
      terms.push(term);
      offsets.push(numbers.length);
      numbers.push(fields.size);
      for (const [fieldId, documents] of fields) {
        numbers.push(fieldId, documents.size);
        for (const [documentId, frequency] of documents) numbers.push(documentId, frequency);
      }
    }
    offsets.push(numbers.length);
    this.terms = terms;
    this.positions = new Map(terms.map((term, i) => [term, i]));
    this.alphabetical = Uint32Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
    this.sharedWithPrevious = Uint8Array.from(this.alphabetical, (position, i) => (i === 0 ? 0 : commonPrefixLength(terms[this.alphabetical[i - 1]!]!, terms[position]!)));
    this.postings = numbers.every((n) => n <= 0xffff) ? Uint16Array.from(numbers) : Uint32Array.from(numbers);
    this.offsets = Uint32Array.from(offsets);
  }

  get size(): number {
    return this.terms.length;
  }

  get(term: string): TermPostings | undefined {
    const position = this.positions.get(term);
    return position === undefined ? undefined : this.postingsAt(position);
  }

  atPrefix(prefix: string): Array<[string, TermPostings]> {
    const { terms, alphabetical } = this;
    const matches: number[] = [];
    for (let i = this.firstAtOrAfter(prefix); i < alphabetical.length && terms[alphabetical[i]!]!.startsWith(prefix); i++) matches.push(alphabetical[i]!);
    return matches.sort((a, b) => a - b).map((position) => [terms[position]!, this.postingsAt(position)]);
  }

  /**
   * Every term within `maxDistance` edits (Levenshtein, as MiniSearch counts)
   * of `term`. Terms are walked alphabetically, so a term reuses the rows of
   * the distance matrix it shares with the one before (its common prefix), and
   * once a prefix is too far every term that starts with it is skipped: the
   * radix tree's economy, without the tree.
   */
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermPostings, number]> {
    const { terms, alphabetical, sharedWithPrevious } = this;
    const columns = term.length + 1;
    const longest = term.length + maxDistance;
    const matrix = new Uint16Array((longest + 1) * columns);
    for (let j = 0; j < columns; j++) matrix[j] = j;
    const found: Array<[position: number, distance: number]> = [];
    let rowsOfPrevious = 0;
    for (let i = 0; i < alphabetical.length; ) {
      const position = alphabetical[i]!;
      const candidate = terms[position]!;
      // The rows for the characters it shares with the last term walked are filled already.
      let row = Math.min(rowsOfPrevious, sharedWithPrevious[i]!);
      let tooFar = false;
      const rows = Math.min(candidate.length, longest);
      while (row < rows && !tooFar) {
        row++;
        tooFar = fillRow(matrix, row, columns, term, candidate.charCodeAt(row - 1)) > maxDistance;
      }
      rowsOfPrevious = row;
      i++;
      if (tooFar) {
        // No term that starts with these `row` characters can come back within reach.
        // Those terms follow this one alphabetically: each shares at least `row` characters with the one before.
        while (i < alphabetical.length && sharedWithPrevious[i]! >= row) i++;
      } else if (candidate.length <= longest) {
        const distance = matrix[candidate.length * columns + term.length]!;
        if (distance <= maxDistance) found.push([position, distance]);
      }
    }
    // MiniSearch's fuzzy walk visits its tree in the opposite order to its iterator (which gave `terms` its order).
    found.sort((a, b) => b[0] - a[0]);
    return new Map(found.map(([position, distance]) => [terms[position]!, [this.postingsAt(position), distance]]));
  }

  /** The first place in `alphabetical` whose term sorts at or after `text`. */
  private firstAtOrAfter(text: string): number {
    const { terms, alphabetical } = this;
    let low = 0;
    let high = alphabetical.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (terms[alphabetical[middle]!]! < text) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private postingsAt(position: number): TermPostings {
    const { postings } = this;
    let at = this.offsets[position]!;
    const fields: TermPostings = new Map();
    for (let field = postings[at++]!; field > 0; field--) {
      const fieldId = postings[at++]!;
      const documents = new Map<number, number>();
      for (let count = postings[at++]!; count > 0; count--, at += 2) documents.set(postings[at]!, postings[at + 1]!);
      fields.set(fieldId, documents);
    }
    return fields;
  }
}

/**
 * Row `row` of the edit-distance matrix between `term` (the columns) and a
 * candidate whose `row`-th character is `char`, from the row above; returns the
 * row's smallest value (no later row can go below it).
 */
function fillRow(matrix: Uint16Array, row: number, columns: number, term: string, char: number): number {
  const at = row * columns;
  const above = at - columns;
  matrix[at] = row;
  let smallest = row;
  for (let j = 1; j < columns; j++) {
    const value = Math.min(matrix[above + j]! + 1, matrix[at + j - 1]! + 1, matrix[above + j - 1]! + (term.charCodeAt(j - 1) === char ? 0 : 1));
    matrix[at + j] = value;
    if (value < smallest) smallest = value;
  }
  return smallest;
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length, 255);
  let length = 0;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}
