import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GlobalFonts as GlobalFontsType } from '@napi-rs/canvas';

/**
 * The fonts cards are drawn with, shipped as npm packages (nothing is fetched
 * at run time): Noto Sans for Latin, Cyrillic, Greek, Vietnamese and
 * Devanagari, and Noto Emoji (monochrome outlines) for emoji. Skia falls back
 * from one family to the next glyph by glyph, so a name mixing scripts and
 * emoji draws from both.
 *
 * Regular and bold are registered as two families: Skia matches weights
 * within one family name unreliably when a family is made of many subset files.
 */
export const SANS = '"Card Sans", "Card Emoji"';
export const SANS_BOLD = '"Card Sans Bold", "Card Emoji"';

const SANS_SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese', 'devanagari'];
const EMOJI_SUBSETS = ['emoji', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string): Buffer => readFileSync(require.resolve(`${pkg}/files/${file}`));

let registered = false;

/** Registers the card fonts once per process. */
export function registerCardFonts(fonts: typeof GlobalFontsType): void {
  if (registered) return;
  for (const subset of SANS_SUBSETS) {
    fonts.register(fontFile('@fontsource/noto-sans', `noto-sans-${subset}-400-normal.woff`), 'Card Sans');
    fonts.register(fontFile('@fontsource/noto-sans', `noto-sans-${subset}-700-normal.woff`), 'Card Sans Bold');
  }
  for (const subset of EMOJI_SUBSETS) fonts.register(fontFile('@fontsource/noto-emoji', `noto-emoji-${subset}-400-normal.woff`), 'Card Emoji');
  registered = true;
}
