/**
 * `npm run content:check [chapter…]` — validates the content folder, prints the
 * editorial issues, the HCL blocks that do not parse, the reviews older than a
 * year and the coverage. Exit code 1 on any validation error or unparsable HCL,
 * or on quality issues in the chapters given as arguments. `--only` loads just those
 * chapters (useful while other chapters are being edited).
 */
import path from 'node:path';
import { ContentError, loadCourse } from './loader.js';
import { hclProblems } from './hcl-check.js';
import { coverage, qualityIssues, reviewWarnings } from './quality.js';

const contentDir = path.resolve(process.argv.find((a) => a.startsWith('--dir='))?.slice(6) ?? 'content');
const strictChapters = new Set(process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number));
const only = process.argv.includes('--only') ? strictChapters : undefined;

try {
  const course = await loadCourse(contentDir, { onlyChapters: only });
  const issues = qualityIssues(course);
  const strict = issues.filter((i) => strictChapters.has(Number(i.id.replace(/^chapter /, '').split('.')[0])));
  for (const issue of issues) console.log(`${strict.includes(issue) ? '✗' : '·'} ${issue.id}: ${issue.message}`);
  // Code that does not parse is wrong wherever it is: an error in every chapter.
  const hcl = await hclProblems(course);
  for (const issue of hcl) console.log(`✗ ${issue.id}: ${issue.message}`);
  for (const warning of reviewWarnings(course, new Date())) console.log(`⚠ ${warning.id}: ${warning.message}`);
  const cov = coverage(course);
  console.log(
    `\n${cov.lessons}/${cov.subchapters} lessons written, ${cov.questions} questions, ${cov.words} words.` +
      (cov.missing.length ? ` Not written yet: ${cov.missing.length}.` : ''),
  );
  for (const chapter of strictChapters) {
    const missing = cov.missing.filter((id) => id.startsWith(`${chapter}.`));
    if (missing.length) {
      console.log(`✗ chapter ${chapter}: not written yet: ${missing.join(', ')}`);
      process.exitCode = 1;
    }
  }
  if (strict.length || hcl.length) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exitCode = 1;
}
