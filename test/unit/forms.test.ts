import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseArguments } from '../../src/core/command-line.js';
import { defineCommand } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { defineForm, readFormValues, resolveForm, type FormField } from '../../src/core/forms.js';
import { FORM } from '../../src/core/limits.js';
import { CommandRegistry } from '../../src/core/registry.js';
import { reply, ReplyShapeError } from '../../src/core/reply.js';
import { reportForm } from '../../src/quiz/reports.js';
import { discordProblems, slackProblems } from '../support/conformance.js';

const note: FormField<'note'> = { id: 'note', label: 'What is wrong?', style: 'paragraph', required: false, maxLength: 300 };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error('not refused');
};

describe('GIVEN a form', () => {
  it('as large as FORM allows (five fields, every text at its limit) THEN Discord and Slack would open it', () => {
    const fields = Array.from(
      { length: FORM.fields },
      (_, i): FormField => ({
        id: `field-${i}`,
        label: 'L'.repeat(FORM.fieldLabel),
        style: i % 2 ? 'short' : 'paragraph',
        required: i === 0,
        maxLength: FORM.fieldValue,
        placeholder: 'P'.repeat(FORM.placeholder),
      }),
    );
    const big = reply({
      body: 'Fill this in',
      form: { title: 'T'.repeat(FORM.title), submitLabel: 'S'.repeat(FORM.submitLabel), submitAction: `v1:x:y:${'a'.repeat(93)}`, fields },
    });
    expect(discordProblems(big)).toEqual([]);
    expect(slackProblems(big)).toEqual([]);
  });

  it.each([
    ['a 25-character title (Slack allows 24)', { title: 'T'.repeat(25) }],
    ['a 46-character label (Discord allows 45)', { fields: [{ ...note, label: 'L'.repeat(46) }] }],
    ['six fields', { fields: Array.from({ length: 6 }, (_, i) => ({ ...note, id: `f${i}` })) }],
    ['no fields', { fields: [] }],
    ['two fields with one id', { fields: [note, note] }],
    ['a field id that is no name', { fields: [{ ...note, id: 'Note!' }] }],
    ['a 3,001-character maximum', { fields: [{ ...note, maxLength: 3001 }] }],
    ['a required field in a form the console sends at once', { typedAs: 'report', fields: [{ ...note, required: true }] }],
  ])('with %s THEN reply() refuses it: a programming error, caught in tests', (_name, change) => {
    const form = { title: 'Report this question', submitLabel: 'Send report', submitAction: 'v1:quiz:report-form:1.1:0a1b2c3d4e', fields: [note], ...change };
    expect(() => reply({ body: 'x', form })).toThrow(ReplyShapeError);
  });

  it('THEN what a member sends is trimmed, control characters go (line breaks stay), blanks are empty, unknown fields ignored', () => {
    expect(readFormValues([note], { note: '  B is right\r\nreally\u0000  ', extra: 'ignored' })).toEqual({ note: 'B is right\nreally' });
    expect(readFormValues([note], {})).toEqual({ note: '' });
    expect(readFormValues([note], { note: 42 })).toEqual({ note: '' });
    // Characters, not UTF-16 units: 300 emoji fit.
    expect(readFormValues([note], { note: '🙂'.repeat(300) }).note).toHaveLength(600);
  });

  it('THEN too long a value or a blank required one is a friendly refusal', () => {
    expect(refusal(() => readFormValues([note], { note: 'x'.repeat(301) }))).toBe(
      '"What is wrong?" takes at most 300 characters, and yours has 301. Nothing was saved: shorten it and try again.',
    );
    expect(refusal(() => readFormValues([{ ...note, required: true }], { note: ' ' }))).toBe('"What is wrong?" needs an answer. Nothing was saved.');
  });

  it('THEN its submit id resolves to it through the registry, and a forged one or a button name is stale', () => {
    const registry = new CommandRegistry([
      defineCommand({ name: 'x', description: 'x', usage: ['/x'], execute: () => reply({ body: 'x' }), forms: [reportForm] }),
    ]);
    const opened = reportForm.open(['17.3', '0a1b2c3d4e']);
    expect(opened.submitAction).toBe('v1:quiz:report-form:17.3:0a1b2c3d4e');
    expect(resolveForm(opened.submitAction, registry)).toEqual({ definition: reportForm, args: ['17.3', '0a1b2c3d4e'] });
    for (const forged of [
      'v1:quiz:report-form:17.3',
      'v1:quiz:report-form:17.3:0A1B2C3D4E',
      'v1:quiz:report:17.3:0a1b2c3d4e',
      'v2:quiz:report-form:17.3:0a1b2c3d4e',
    ]) {
      expect(() => resolveForm(forged, registry)).toThrow("That button isn't valid any more");
    }
  });

  it('THEN a form and a button cannot share a name, and a handler that disagrees with its fields does not compile', () => {
    const button = { name: 'quiz:report-form', args: z.tuple([]), handle: () => reply({ body: 'x' }), id: () => 'v1:quiz:report-form' };
    expect(
      () =>
        new CommandRegistry([
          defineCommand({ name: 'x', description: 'x', usage: ['/x'], execute: () => reply({ body: 'x' }), actions: [button], forms: [reportForm] }),
        ]),
    ).toThrow(/form "quiz:report-form" is registered twice/);
    defineForm({
      name: 'x:y',
      args: z.tuple([]),
      title: 'T',
      submitLabel: 'S',
      fields: [note],
      // @ts-expect-error the form has no field "other"
      handle: (_ctx, _args, values) => reply({ body: values.other }),
    });
  });
});

describe('GIVEN a command with a default subcommand', () => {
  const reports = defineCommand({
    name: 'reports',
    description: 'x',
    usage: ['/reports'],
    subcommands: [
      { name: 'list', description: 'x', default: true },
      { name: 'resolve', description: 'x', options: [{ name: 'id', type: 'integer', description: 'x', required: true }] },
    ],
    execute: () => reply({ body: 'x' }),
  });

  it('THEN typed alone it runs the default, and anything else still names one', () => {
    expect(parseArguments(reports, '', '/reports')).toEqual({ subcommand: 'list', options: {} });
    expect(parseArguments(reports, 'resolve 3', '/reports')).toEqual({ subcommand: 'resolve', options: { id: '3' } });
    expect(() => parseArguments(reports, 'nope', '/reports')).toThrow(/needs one of: `list`, `resolve`/);
  });

  it('THEN two defaults are refused when the registry loads', () => {
    const twice = { ...reports, subcommands: reports.subcommands!.map((s) => ({ ...s, default: true })) };
    expect(() => new CommandRegistry([twice])).toThrow(/at most one default subcommand/);
  });
});
