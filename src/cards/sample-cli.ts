/**
 * `npm run cards:sample`: draws the sample cards (samples.ts) into docs/cards/, the pictures the
 * README shows. The golden-image test compares every drawing with these files, so run it after
 * changing how a card looks, and look at the pictures before committing them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { CanvasCardRenderer } from './canvas-card-renderer.js';
import { SAMPLE_CARDS } from './samples.js';

export const SAMPLE_CARDS_DIR = path.join(PACKAGE_ROOT, 'docs/cards');

async function main(): Promise<void> {
  const renderer = new CanvasCardRenderer();
  await mkdir(SAMPLE_CARDS_DIR, { recursive: true });
  for (const [name, card] of Object.entries(SAMPLE_CARDS)) {
    const image = await renderer.render(card);
    if (!image) throw new Error(`the ${name} card was not drawn`);
    const file = path.join(SAMPLE_CARDS_DIR, `${name}.png`);
    const png = await image.png();
    await writeFile(file, png);
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${image.width}×${image.height}, ${png.length.toLocaleString('en-US')} bytes\n`);
  }
  await renderer.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
