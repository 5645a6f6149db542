/** Lowercase ASCII, accents folded, everything else collapsed into single dashes. */
export function slugify(text: string, maxLength = 60): string {
  const slug = foldAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cut at a word boundary so file names stay readable.
  const cut = slug.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, maxLength)).replace(/-+$/, '');
}

/** "Fárgate" → "Fargate": search and slugs must ignore accents. */
export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

export function chapterFolderName(chapter: { number: number; title: string }): string {
  return `${String(chapter.number).padStart(2, '0')}-${slugify(chapter.title)}`;
}

export function lessonFileName(sub: { id: string; title: string }): string {
  return `${sub.id}-${slugify(sub.title)}.md`;
}
