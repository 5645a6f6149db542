import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GlobalFonts as GlobalFontsType } from '@napi-rs/canvas';

/**
 * The fonts cards are drawn with, shipped as npm packages (nothing is fetched
 * at run time): Noto Sans for Latin, Cyrillic, Greek, Vietnamese and
 * Devanagari, Noto Sans Arabic and Hebrew (Skia shapes and orders right-to-left
 * text itself), and Noto Emoji (monochrome outlines). Skia falls back from one
 * font to the next glyph by glyph, so a name mixing scripts and emoji draws
 * from all of them.
 *
 * Not shipped: CJK, Korean, Thai and other scripts. A CJK font alone would add
 * 5 MB to the image on top of Skia's 36 MB, past the 40 MB the pictures may
 * cost; characters no font covers are drawn as "?" (never as empty boxes), and
 * the reply's text and the card's alt text keep them as they are.
 *
 * Regular and bold are registered as two families: Skia matches weights within
 * one family name unreliably when a family is made of many subset files.
 */
export const SANS = '"Card Sans", "Card Emoji"';
export const SANS_BOLD = '"Card Sans Bold", "Card Emoji"';

interface FontPackage {
  name: string;
  /** Subset names as in the file names; the package's unicode.json gives each one's ranges. */
  subsets: string[];
  /** Subset names in unicode.json, when they differ from the file names ("[0]" for "0"). */
  rangeKey?: (subset: string) => string;
  families: Array<{ weight: 400 | 700; family: string }>;
}

const TEXT_FAMILIES = [
  { weight: 400, family: 'Card Sans' },
  { weight: 700, family: 'Card Sans Bold' },
] as const;

const PACKAGES: FontPackage[] = [
  {
    name: 'noto-sans',
    subsets: ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese', 'devanagari'],
    families: [...TEXT_FAMILIES],
  },
  { name: 'noto-sans-arabic', subsets: ['arabic'], families: [...TEXT_FAMILIES] },
  { name: 'noto-sans-hebrew', subsets: ['hebrew'], families: [...TEXT_FAMILIES] },
  {
    name: 'noto-emoji',
    subsets: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    rangeKey: (subset) => `[${subset}]`,
    families: [{ weight: 400, family: 'Card Emoji' }],
  },
];

const require = createRequire(import.meta.url);
const packageFile = (pkg: string, file: string): Buffer => readFileSync(require.resolve(`@fontsource/${pkg}/${file}`));

let registered = false;

/** Registers the card fonts once per process (the drawing process; the tests' own). */
export function registerCardFonts(fonts: typeof GlobalFontsType): void {
  if (registered) return;
  for (const pkg of PACKAGES) {
    for (const subset of pkg.subsets) {
      for (const { weight, family } of pkg.families) fonts.register(packageFile(pkg.name, `files/${pkg.name}-${subset}-${weight}-normal.woff`), family);
    }
  }
  registered = true;
}

let covered: Array<[number, number]> | undefined;

/** Code point ranges [first, last] the shipped fonts draw (from each package's unicode.json): sorted, none overlapping. */
function coverage(): Array<[number, number]> {
  covered ??= mergeRanges(
    PACKAGES.flatMap((pkg) => {
      const unicode = JSON.parse(packageFile(pkg.name, 'unicode.json').toString('utf8')) as Record<string, string>;
      return pkg.subsets.flatMap((subset) => parseRanges(unicode[pkg.rangeKey?.(subset) ?? subset] ?? ''));
    }),
  );
  return covered;
}

/** "U+0000-00FF, U+0131" → [[0, 255], [305, 305]]. */
export function parseRanges(css: string): Array<[number, number]> {
  return css
    .split(',')
    .map((part) => part.trim().replace(/^U\+/i, ''))
    .filter(Boolean)
    .map((part) => {
      const [first, last] = part.split('-').map((hex) => parseInt(hex, 16)) as [number, number | undefined];
      return [first, last ?? first];
    });
}

/** Sorted, with overlapping and touching ranges joined (the fonts share Latin and digits), so a binary search finds any code point. */
export function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [first, last] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const previous = merged.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

function isCovered(codePoint: number): boolean {
  const ranges = coverage();
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = ranges[middle]!;
    if (codePoint < first) high = middle - 1;
    else if (codePoint > last) low = middle + 1;
    else return true;
  }
  return false;
}

/** Joiners, variation selectors, skin tones and tags: parts of an emoji, never drawn alone. */
const isEmojiPart = (codePoint: number): boolean =>
  codePoint === 0x200d ||
  codePoint === 0xfe0e ||
  codePoint === 0xfe0f ||
  (codePoint >= 0x1f3fb && codePoint <= 0x1f3ff) ||
  (codePoint >= 0xe0020 && codePoint <= 0xe007f);
/** Splits text into what a reader sees as one character (an emoji with its modifiers is one). */
export const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** `text` with every character the shipped fonts cannot draw as "?", so a card never shows an empty box. */
export function drawable(text: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    const drawn = [...segment].every((char) => /\s/.test(char) || isEmojiPart(char.codePointAt(0)!) || isCovered(char.codePointAt(0)!));
    out += drawn ? segment : '?';
  }
  return out;
}
