import { defineCommand, type CommandContext } from '../src/core/command.js';
import { notFound } from '../src/core/errors.js';
import { truncate } from '../src/core/markdown.js';
import { reply, type Field, type Reply } from '../src/core/reply.js';
import { quoteUserText } from '../src/core/sanitize.js';
import type { OpenReports, Resolution, ResolvedReports } from '../src/quiz/ports.js';
import { REPORTS_TO_HOLD_BACK, REPORT_NOTE_MAX, reportButton, reportForm } from '../src/quiz/reports.js';
import { formatDateMonth, isoDate } from '../src/quiz/time-zone.js';

/** Questions listed at once (each a field; Discord allows 25 per reply). */
const GROUPS_SHOWN = 20;
/** Notes shown per question; the count says how many members reported it. */
const NOTES_SHOWN = 5;
const RESOLVED_SHOWN = 5;
const OUTCOMES: Record<Resolution, string> = { fixed: 'fixed in the content', stands: 'the question stands' };

const members = (n: number) => `${n} ${n === 1 ? 'member' : 'members'}`;
const where = (ctx: CommandContext) => (ctx.tenant.platform === 'slack' ? 'workspace' : 'server');

function questionLine(ctx: CommandContext, key: string): { lesson: string; text: string } {
  const question = ctx.services.course.question(key);
  // A question reworded since it was reported has a new key: the old one names its lesson still.
  return question
    ? { lesson: question.lessonId, text: `**${truncate(question.question, 200)}**` }
    : { lesson: key.split(':')[0]!, text: '_This wording is no longer in the course (the question was changed or removed)._' };
}

function openField(ctx: CommandContext, group: OpenReports): Field {
  const { lesson, text } = questionLine(ctx, group.questionKey);
  const held = group.reports.length >= REPORTS_TO_HOLD_BACK ? ' · out of the daily quiz' : '';
  const notes = group.reports
    .slice(0, NOTES_SHOWN)
    .map((r) => `• ${quoteUserText(r.displayName, 40)}: ${r.note ? `“${quoteUserText(r.note, 150)}”` : '_no note_'}`);
  if (group.reports.length > NOTES_SHOWN) notes.push(`• …and ${group.reports.length - NOTES_SHOWN} more`);
  return { name: `#${group.id} · lesson ${lesson} · ${members(group.reports.length)}${held}`, value: [text, ...notes].join('\n') };
}

function resolvedLine(ctx: CommandContext, done: ResolvedReports): string {
  const { lesson } = questionLine(ctx, done.questionKey);
  const day = formatDateMonth(isoDate(done.resolvedAt.getTime()));
  const note = done.note ? `: “${quoteUserText(done.note, 100)}”` : '';
  return `• #${done.id} · lesson ${lesson} · ${OUTCOMES[done.resolution]} (${members(done.members)}), by ${quoteUserText(done.resolvedBy, 40)} on ${day}${note}`;
}

async function listReports(ctx: CommandContext): Promise<Reply> {
  const [open, resolved] = await Promise.all([ctx.services.reports.open(ctx.tenant.id), ctx.services.reports.resolved(ctx.tenant.id, RESOLVED_SHOWN)]);
  const fields = open.slice(0, GROUPS_SHOWN).map((group) => openField(ctx, group));
  if (resolved.length) fields.push({ name: 'Recently resolved', value: resolved.map((done) => resolvedLine(ctx, done)).join('\n') });
  const more = open.length > GROUPS_SHOWN ? ` The ${GROUPS_SHOWN} most reported are listed.` : '';
  return reply({
    title: '⚑ Reported questions',
    body: open.length
      ? `${open.length} ${open.length === 1 ? 'question has' : 'questions have'} open reports.${more} A question reported by ${REPORTS_TO_HOLD_BACK} or more members is left out of the daily quiz until it is resolved.`
      : 'No open reports. Members report a question with **⚑ Report** under its feedback.',
    fields,
    footer: '/reports resolve <id> fixed|stands [note] settles every open report of that question',
    private: true,
    accent: open.length ? 'warning' : 'info',
  });
}

async function resolveReports(ctx: CommandContext): Promise<Reply> {
  const id = ctx.options.integer('id')!;
  const resolution = ctx.options.string('outcome') as Resolution;
  const note = ctx.options.string('note') || null;
  const done = await ctx.services.reports.resolve({ tenantId: ctx.tenant.id, id, resolution, note, by: ctx.user.id, at: ctx.services.clock.now() });
  if (!done) throw notFound(`No open report #${id} in this ${where(ctx)}. \`/reports\` lists the open ones.`);
  const { lesson } = questionLine(ctx, done.questionKey);
  const back = done.members >= REPORTS_TO_HOLD_BACK ? ' It is back in the daily quiz.' : '';
  return reply({
    body: `Resolved #${id} (lesson ${lesson}, ${members(done.members)}): **${OUTCOMES[resolution]}**.${back}${note ? `\nNote: “${quoteUserText(note, REPORT_NOTE_MAX)}”` : ''}`,
    private: true,
    accent: 'success',
  });
}

export default defineCommand({
  name: 'reports',
  description: 'Questions members reported as wrong: list them, or settle one',
  usage: ['/reports', '/reports resolve 12 fixed Choice B reworded'],
  adminOnly: true,
  subcommands: [
    { name: 'list', description: 'Open reports by question, and the latest resolutions', usage: '/reports list', default: true },
    {
      name: 'resolve',
      description: 'Settle every open report of a question',
      usage: '/reports resolve 12 fixed Choice B reworded',
      options: [
        { name: 'id', type: 'integer', description: 'The number /reports shows (#12)', required: true, min: 1 },
        {
          name: 'outcome',
          type: 'string',
          description: 'fixed (in the content) or stands (the question is right)',
          required: true,
          choices: [
            { name: 'fixed in the content', value: 'fixed' },
            { name: 'the question stands', value: 'stands' },
          ],
        },
        { name: 'note', type: 'string', description: `What was done, for the record (at most ${REPORT_NOTE_MAX} characters)`, maxLength: REPORT_NOTE_MAX },
      ],
    },
  ],
  execute(ctx) {
    return ctx.subcommand === 'resolve' ? resolveReports(ctx) : listReports(ctx);
  },
  // Anyone may report: the button and its form answer every member, whatever the command's admin rule.
  actions: [reportButton],
  forms: [reportForm],
});
