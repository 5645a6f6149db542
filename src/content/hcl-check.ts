import { createRequire } from 'node:module';
import { splitBlocks } from '../core/markdown.js';
import type { Course } from './model.js';
import type { QualityIssue } from './quality.js';

/** A fenced code block of a lesson body, with the language its fence names. */
export interface CodeBlock {
  language: string;
  code: string;
}

/** The lesson's code blocks, as the renderers see them (`splitBlocks`), with their fence's language. */
export function codeBlocks(body: string): CodeBlock[] {
  return splitBlocks(body)
    .filter((block) => block.kind === 'code')
    .map(({ lines }) => ({
      language: /^\s*```\s*([\w+-]*)/.exec(lines[0] ?? '')?.[1]?.toLowerCase() ?? '',
      // Without the fences; an unclosed block (the loader refuses those) keeps its last line.
      code: lines.slice(1, /^\s*```/.test(lines.at(-1) ?? '') && lines.length > 1 ? -1 : undefined).join('\n'),
    }));
}

/** Fences that hold Terraform code. */
const HCL_LANGUAGES = new Set(['hcl', 'terraform', 'tf']);

type Parse = (filename: string, contents: string) => Promise<unknown>;

/**
 * Loaded untyped and only when needed: the package is a development tool (content:check and
 * the tests run it, the bot never does), and its type declarations pull the DOM library into
 * the whole project's type check.
 */
function hclParser(): Parse {
  return (createRequire(import.meta.url)('@cdktf/hcl2json') as { parse: Parse }).parse;
}

/** Every HCL block of every written lesson that does not parse, with the parser's first line. */
export async function hclProblems(course: Course): Promise<QualityIssue[]> {
  const parse = hclParser();
  const issues: QualityIssue[] = [];
  for (const sub of course.chapters.flatMap((c) => c.subchapters)) {
    const blocks = codeBlocks(sub.lesson?.body ?? '').filter((b) => HCL_LANGUAGES.has(b.language));
    for (const [index, block] of blocks.entries()) {
      try {
        await parse(`${sub.id}-block-${index + 1}.tf`, block.code);
      } catch (error) {
        const detail = String((error as Error).message ?? error).split('\n')[0]!.replace(/^parse config: \[?/, '').replace(/\]$/, '');
        issues.push({ id: sub.id, message: `HCL block ${index + 1} of ${blocks.length} does not parse: ${detail}` });
      }
    }
  }
  return issues;
}
