import { ButtonStyle, MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { reply } from '../../src/core/reply.js';
import { fitMarkdown, renderDiscord, type DiscordMessage } from '../../src/platforms/discord/discord.renderer.js';

const embedLength = (m: DiscordMessage): number => {
  const e = m.embeds[0]!;
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
};

describe('Discord rendering', () => {
  it('GIVEN a lesson reply THEN an embed with title, description, fields, footer, colour and button rows, with mentions off', () => {
    const m = renderDiscord(
      reply({
        title: '17.3 · ECS',
        body: '| a | b |\n|---|---|\n| 1 | 2 |',
        fields: [{ name: 'What you should remember', value: '• one' }],
        footer: 'Chapter 17',
        buttons: [
          [
            { label: '◀ 17.2', action: 'v1:lesson:open:17.2:p' },
            { label: '17.4 ▶', action: 'v1:lesson:open:17.4:p', style: 'primary' },
          ],
        ],
        private: true,
        accent: 'success',
      }),
    );
    expect(m.embeds[0]).toMatchObject({ title: '17.3 · ECS', description: '```\na │ b\n──┼──\n1 │ 2\n```', footer: { text: 'Chapter 17' }, color: 0x57f287 });
    expect(m.components[0]!.components.map((b) => ['label' in b && b.label, 'custom_id' in b && b.custom_id, b.style])).toEqual([
      ['◀ 17.2', 'v1:lesson:open:17.2:p', ButtonStyle.Secondary],
      ['17.4 ▶', 'v1:lesson:open:17.4:p', ButtonStyle.Primary],
    ]);
    expect(m.flags).toBe(MessageFlags.Ephemeral);
    expect(m.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a 6,000-character body and 30 long fields THEN everything fits Discord limits (4096, 25×1024, 6000 total)', () => {
    const m = renderDiscord(
      reply({
        title: 't'.repeat(300),
        body: Array.from({ length: 120 }, (_, i) => `Paragraph ${i} ${'word '.repeat(9)}`).join('\n\n'),
        fields: Array.from({ length: 30 }, (_, i) => ({ name: `Field ${i}`, value: 'v'.repeat(1500) })),
        footer: 'f'.repeat(3000),
      }),
    );
    const e = m.embeds[0]!;
    expect(e.title!.length).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.fields!.length).toBeLessThanOrEqual(25);
    for (const f of e.fields!) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength(m)).toBeLessThanOrEqual(6000);
  });

  it('GIVEN a long body alone THEN it is cut at a line boundary and marked, not rejected', () => {
    const body = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(10)}`).join('\n');
    const d = renderDiscord(reply({ body })).embeds[0]!.description!;
    expect(d.length).toBeLessThanOrEqual(4096);
    expect(d.endsWith('\n…')).toBe(true);
    expect(d.split('\n').at(-2)).toMatch(/^line \d+ x{10}$/);
  });

  it('GIVEN a cut inside a code block THEN the block is closed so the rest still renders', () => {
    const text = `intro\n\`\`\`hcl\n${'resource "x" "y" {}\n'.repeat(400)}\`\`\``;
    const fitted = fitMarkdown(text, 1000);
    expect(fitted.length).toBeLessThanOrEqual(1000);
    expect(fitted.endsWith('…\n```')).toBe(true);
  });

  it('GIVEN long button labels and too many buttons THEN labels are trimmed to 80 and rows capped at 5×5', () => {
    const row = Array.from({ length: 5 }, (_, i) => ({ label: 'L'.repeat(100), action: `v1:x:y:${i}` }));
    const m = renderDiscord({ fallback: '', buttons: Array.from({ length: 7 }, () => row) });
    expect(m.components).toHaveLength(5);
    const first = m.components[0]!.components[0]!;
    expect('label' in first && first.label).toHaveLength(80);
  });

  it('GIVEN two rows of buttons and six source links THEN the links follow as link buttons, five to a row, in four rows', () => {
    const links = Array.from({ length: 6 }, (_, i) => ({ label: `📄 AWS docs · Page ${i}`, url: `https://docs.aws.amazon.com/page-${i}.html` }));
    const m = renderDiscord(reply({ body: 'x', buttons: [[{ label: 'A', action: 'v1:a:b' }], [{ label: 'B', action: 'v1:c:d' }]], links }));
    expect(m.components.map((row) => row.components.length)).toEqual([1, 1, 5, 1]);
    const linkRow = m.components[2]!.components;
    expect(linkRow.every((b) => b.style === ButtonStyle.Link && 'url' in b && !('custom_id' in b))).toBe(true);
    expect(m.components[3]!.components[0]).toMatchObject({ label: '📄 AWS docs · Page 5', url: 'https://docs.aws.amazon.com/page-5.html' });
  });

  it('GIVEN more links than the rows left THEN the reply is refused when built, not by Discord', () => {
    const links = Array.from({ length: 6 }, (_, i) => ({ label: `Page ${i}`, url: `https://docs.aws.amazon.com/page-${i}.html` }));
    const rows = Array.from({ length: 4 }, (_, i) => [{ label: 'A', action: `v1:a:${i}` }]);
    expect(() => reply({ body: 'x', buttons: rows, links })).toThrow(/6 button rows \(links included\); at most 5/);
    expect(() => reply({ body: 'x', links: [{ label: 'Page', url: 'http://example.com' }] })).toThrow(/must be an https URL/);
  });
});
