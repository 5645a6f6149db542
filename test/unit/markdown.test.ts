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

  it('leaves pipes inside code blocks alone', () => {
    const md = '```\n| not | a table |\n```';
    expect(tablesToMonospace(md)).toBe(md);
  });
});

describe('text helpers', () => {
  it('counts words outside code blocks only', () => {
    expect(wordCount('Three little words\n```\nnot counted here\n```\n- and two')).toBe(5);
  });
  it('detects unclosed fences', () => {
    expect(fencesBalanced('```\ncode\n```')).toBe(true);
    expect(fencesBalanced('```\ncode')).toBe(false);
  });
  it('reports monospace lines of code and rendered tables', () => {
    expect(monospaceLines('text\n```\nabc\n```\n| a | b |')).toEqual(['abc', 'a │ b']);
  });
  it('truncates by characters with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('🚀🚀🚀🚀🚀', 3)).toBe('🚀🚀…');
  });
});

describe('quoteUserText', () => {
  it.each([
    ['@everyone', '@\u200beveryone'],
    ['@here now', '@\u200bhere now'],
    ['<@123> hi', '<\u200b@\u200b123\\> hi'],
    ['<!channel>', '<\u200b!channel\\>'],
    ['**bold** `code`', '\\*\\*bold\\*\\* \\`code\\`'],
    ['line\nbreak', 'line break'],
  ])('neutralises %j', (input, expected) => {
    expect(quoteUserText(input)).toBe(expected);
  });
  it('shortens long input', () => {
    expect([...quoteUserText('x'.repeat(5000), 60)]).toHaveLength(60);
  });
});
