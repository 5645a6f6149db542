import { truncate } from './markdown.js';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Makes user-typed text safe to echo back inside a reply: it can no longer ping
 * (@everyone, @here, <@id>, <@&role>, <!channel>), break Markdown or run long.
 * Adapters also disable mentions on everything they send; this is the second lock.
 */
export function quoteUserText(text: string, max = 60): string {
  const singleLine = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
  const short = truncate(singleLine, max);
  return short
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/<([@#!])/g, `<${ZERO_WIDTH_SPACE}$1`)
    .replace(/([\\*_`~|>[\]])/g, '\\$1');
}
