import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fencesBalanced, monospaceLines, tablesToMonospace, truncate, wordCount } from '../../src/core/markdown.js';
import { quoteUserText } from '../../src/core/sanitize.js';

describe('tablesToMonospace', () => {
  it('GIVEN a Markdown table THEN it becomes an aligned code block that Discord and Slack can show', () => {
    const md = 'Before\n\n| | EC2 | **Fargate** |\n|---|---|---|\n| Servers | You | AWS |\n| Effort | High | Minimal |\n\nAfter';
    expect(tablesToMonospace(md).split('\n')).toEqual([
      'Before',
      '',
      '```',
      '        │ EC2  │ Fargate',
      '────────┼──────┼────────',
      'Servers │ You  │ AWS',
      'Effort  │ High │ Minimal',
      '```',
      '',
      'After',
    ]);
  });

  it('GIVEN pipes inside a code block THEN they are left alone', () => {
    const md = '```\n| not | a table |\n```';
    expect(tablesToMonospace(md)).toBe(md);
  });
});

describe('text helpers', () => {
  it('GIVEN text with code blocks THEN only the words outside them are counted', () => {
    expect(wordCount('Three little words\n```\nnot counted here\n```\n- and two')).toBe(5);
  });
  it('GIVEN an unclosed fence THEN it is detected', () => {
    expect(fencesBalanced('```\ncode\n```')).toBe(true);
    expect(fencesBalanced('```\ncode')).toBe(false);
  });
  it('GIVEN code and a table THEN the monospace lines of the code and the rendered table are reported', () => {
    expect(monospaceLines('text\n```\nabc\n```\n| a | b |')).toEqual(['abc', 'a │ b']);
  });
  it('GIVEN text over a length THEN it is truncated by characters with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('🚀🚀🚀🚀🚀', 3)).toBe('🚀🚀…');
  });
  it('GIVEN any text and length THEN it is cut exactly where counting every code point would cut it', () => {
    const byEveryPoint = (text: string, max: number): string => {
      const points = [...text];
      return points.length <= max
        ? text
        : points
            .slice(0, Math.max(0, max - 1))
            .join('')
            .trimEnd() + '…';
    };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '🚀', 'é', '\u200b', '\ud800'), fc.string({ unit: 'grapheme', maxLength: 2 })), maxLength: 40 }),
        fc.nat(45),
        (text, max) => {
          expect(truncate(text, max)).toBe(byEveryPoint(text, max));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('GIVEN user text quoted back in a reply (quoteUserText)', () => {
  it.each([
    ['@everyone', '@\u200beveryone'],
    ['@here now', '@\u200bhere now'],
    ['<@123> hi', '<\u200b@\u200b123\\> hi'],
    ['<!channel>', '<\u200b!channel\\>'],
    ['**bold** `code`', '\\*\\*bold\\*\\* \\`code\\`'],
    ['line\nbreak', 'line break'],
  ])('WHEN it is %j THEN it is neutralised', (input, expected) => {
    expect(quoteUserText(input)).toBe(expected);
  });
  it('WHEN it is long THEN it is shortened', () => {
    expect([...quoteUserText('x'.repeat(5000), 60)]).toHaveLength(60);
  });
});
