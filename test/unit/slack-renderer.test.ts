import { describe, expect, it } from 'vitest';
import { reply } from '../../src/core/reply.js';
import { quoteUserText } from '../../src/core/sanitize.js';
import { escapeSlack, renderSlack, splitMrkdwn, toMrkdwn } from '../../src/platforms/slack/slack.renderer.js';

describe('Slack rendering', () => {
  it('GIVEN text with Slack control characters THEN nothing can become a mention, a broadcast or a link', () => {
    expect(escapeSlack('<!channel> <!here> <@U123> a & b > c')).toBe('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; a &amp; b &gt; c');
    expect(escapeSlack('Posted in <#C0STUDY001>.')).toBe('Posted in <#C0STUDY001>.');
  });

  it('GIVEN core Markdown THEN Slack mrkdwn: bold, tables as monospace, code untouched', () => {
    expect(toMrkdwn('**Fargate** is `serverless`')).toBe('*Fargate* is `serverless`');
    expect(toMrkdwn('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('```\na │ b\n──┼──\n1 │ 2\n```');
  });

  it('GIVEN user text the core escaped THEN its formatting characters show as look-alikes, since mrkdwn cannot escape them', () => {
    const typed = quoteUserText('**bold** _it_ ~gone~ `code` > quote <!channel>', 100);
    expect(toMrkdwn(typed)).toBe('\u2217\u2217bold\u2217\u2217 \u02cdit\u02cd \u223cgone\u223c \u02cbcode\u02cb &gt; quote &lt;\u200b!channel&gt;');
  });

  it('GIVEN a long text THEN sections of at most 3000 characters, code blocks closed and reopened across the cut', () => {
    const code = `\`\`\`\n${'line of code\n'.repeat(400)}\`\`\``;
    const pieces = splitMrkdwn(code);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(piece.split('\n').filter((l) => l.startsWith('```')).length % 2).toBe(0);
    }
  });

  it('GIVEN a reply THEN header, sections, context and one actions block per row, within 50 blocks', () => {
    const m = renderSlack(
      reply({
        title: '17.3 · ECS',
        body: 'x\n'.repeat(20_000),
        fields: [{ name: 'Remember', value: '• a' }],
        footer: 'Chapter 17',
        buttons: [[{ label: '17.4 ▶', action: 'v1:lesson:open:17.4:p', style: 'primary' }]],
      }),
    );
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '17.3 · ECS', emoji: true } });
    expect(m.blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: 'row-0',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: '17.4 ▶', emoji: true },
          action_id: 'v1:lesson:open:17.4:p',
          value: 'v1:lesson:open:17.4:p',
          style: 'primary',
        },
      ],
    });
    expect(m.text.length).toBeGreaterThan(0);
  });
});
