// Deletes the font files the cards never load from node_modules/@fontsource (other weights,
// italics, WOFF2, CSS-only subsets). The font packages ship every variant, about 25 MB; the cards
// use only regular and bold WOFF (src/cards/fonts.ts), about 2 MB. The Dockerfile runs this after
// its production install, and so does the production smoke test, so what is kept is proven to draw.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.', 'node_modules/@fontsource');
const KEEP = /-(400|700)-normal\.woff$/;
// Besides the fonts: the package.json (module resolution), unicode.json (what each file covers) and the licence.
const KEEP_IN_PACKAGE = new Set(['files', 'package.json', 'unicode.json', 'LICENSE']);
let removed = 0;
for (const pkg of readdirSync(root)) {
  for (const entry of readdirSync(path.join(root, pkg))) {
    if (KEEP_IN_PACKAGE.has(entry)) continue;
    rmSync(path.join(root, pkg, entry), { recursive: true });
    removed += 1;
  }
  const files = path.join(root, pkg, 'files');
  for (const file of readdirSync(files)) {
    if (KEEP.test(file)) continue;
    rmSync(path.join(files, file));
    removed += 1;
  }
}
console.log(`prune-fonts: removed ${removed} files and folders the cards do not use`);
