import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contentsButton, openChapterButton, openLessonButton } from '../../src/content/replies.js';
import { defineAction, encodeAction, resolveAction, type ActionArgsSchema, type ActionDefinition } from '../../src/core/actions.js';
import { loadCommands } from '../../src/core/command-loader.js';
import { UserError } from '../../src/core/errors.js';
import type { CommandRegistry } from '../../src/core/registry.js';
import { reply } from '../../src/core/reply.js';
import { nextQuestionButton, practiceAnswerButton } from '../../src/quiz/practice.js';
import { dailyAnswerButton } from '../../src/quiz/replies.js';
import { reportButton } from '../../src/quiz/reports.js';

/**
 * Typed buttons: one definition builds a button's id and handles its click.
 * The `@ts-expect-error` lines are checked by `npm run typecheck`: if one of
 * them compiled, the directive itself would be the error.
 */
let registry: CommandRegistry;
beforeAll(async () => {
  registry = await loadCommands();
});

interface Example {
  button: ActionDefinition;
  args: unknown;
  /** The id exactly as the code before typed buttons built it, so buttons already posted keep working. */
  postedId: string;
}
// Typed per button, so each example's arguments are checked against its own schema.
const example = <Args extends ActionArgsSchema>(button: ActionDefinition<Args>, args: z.output<Args>, postedId: string): Example => ({
  button,
  args,
  postedId,
});

const examples: Array<[string, Example]> = [
  ['the daily answer', example(dailyAnswerButton, [42, 3], 'v1:quiz:answer:42:3')],
  ['a practice answer', example(practiceAnswerButton, ['17.3', '0a1b2c3d4e', [2, 0, 3, 1], 1, 'review'], 'v1:quiz:practice:17.3:0a1b2c3d4e:2031:1:review')],
  ['the next practice question', example(nextQuestionButton, ['17'], 'v1:quiz:more:17')],
  ['a lesson page, shared', example(openLessonButton, ['17.3', 'shared'], 'v1:lesson:open:17.3:s')],
  ['a chapter page, private', example(openChapterButton, [17, 'private'], 'v1:lesson:chapter:17:p')],
  ['the contents', example(contentsButton, ['private'], 'v1:lesson:contents:p')],
  ['⚑ Report under feedback', example(reportButton, ['17.3', '0a1b2c3d4e'], 'v1:quiz:report:17.3:0a1b2c3d4e')],
];

describe('GIVEN a typed button', () => {
  it.each(examples)(
    "WHEN .id() builds a button's id (%s) THEN it decodes, through the registry, to the same handler with the same arguments",
    (_name, { button, args }) => {
      const resolved = resolveAction(button.id(args), registry);
      expect(resolved.definition).toBe(button);
      expect(resolved.args).toEqual(args);
    },
  );

  it.each(examples)(
    'WHEN a button posted before typed buttons (%s) is clicked THEN its id reaches the same handler, and .id() builds it byte for byte',
    (_name, { button, args, postedId }) => {
      const resolved = resolveAction(postedId, registry);
      expect(resolved.definition).toBe(button);
      expect(resolved.args).toEqual(args);
      expect(button.id(args)).toBe(postedId);
    },
  );

  it('THEN it builds the same ids as the untyped encoder did, for every argument a button can carry', () => {
    const letter = (visibility: 'private' | 'shared') => (visibility === 'shared' ? 's' : 'p');
    const lessonId = fc.stringMatching(/^\d{1,3}\.\d{1,3}$/);
    const visibility = fc.constantFrom('private' as const, 'shared' as const);
    const shown = fc.integer({ min: 0, max: 3 });
    const scope = fc.oneof(fc.constantFrom('all', 'review'), fc.stringMatching(/^\d{1,3}$/), lessonId);
    const order = fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999_999 }), shown, (postId, position) => {
        expect(dailyAnswerButton.id([postId, position])).toBe(encodeAction('quiz', 'answer', postId, position));
      }),
    );
    fc.assert(
      fc.property(lessonId, fc.stringMatching(/^[0-9a-f]{10}$/), order, shown, scope, (lesson, hash, choices, position, where) => {
        const id = practiceAnswerButton.id([lesson, hash, choices, position, where]);
        expect(id).toBe(encodeAction('quiz', 'practice', lesson, hash, choices.join(''), position, where));
        expect(resolveAction(id, registry).args).toEqual([lesson, hash, choices, position, where]);
      }),
    );
    fc.assert(
      fc.property(scope, (where) => {
        expect(nextQuestionButton.id([where])).toBe(encodeAction('quiz', 'more', where));
      }),
    );
    fc.assert(
      fc.property(lessonId, visibility, (lesson, v) => {
        expect(openLessonButton.id([lesson, v])).toBe(encodeAction('lesson', 'open', lesson, letter(v)));
        expect(resolveAction(openLessonButton.id([lesson, v]), registry).args).toEqual([lesson, v]);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), visibility, (chapter, v) => {
        expect(openChapterButton.id([chapter, v])).toBe(encodeAction('lesson', 'chapter', chapter, letter(v)));
      }),
    );
    fc.assert(
      fc.property(visibility, (v) => {
        expect(contentsButton.id([v])).toBe(encodeAction('lesson', 'contents', letter(v)));
      }),
    );
  });

  it.each([
    'v1:quiz:__proto__:1:0',
    'v1:quiz:constructor',
    'v1:lesson:hasOwnProperty',
    'v1:__proto__:open:1',
    'v1:quiz:answer:1:4',
    'v1:quiz:answer:1',
    'v1:quiz:answer:1:0:0',
    'v1:quiz:answer:1234567890123456:0',
    'v1:lesson:open:17.3:x',
    'v1:lesson:chapter:1234:p',
    'v1:quiz:practice:17.3:0a1b2c3d4e:20314:1:all',
    'v1:quiz:more:everything',
  ])('WHEN the forged or stale id %j is clicked THEN it is refused as a stale button', (id) => {
    expect(() => resolveAction(id, registry)).toThrow(UserError);
  });

  it('WHEN an id its own handler would refuse, or one a platform would reject, is built THEN it is refused', () => {
    expect(() => dailyAnswerButton.id([42, 4])).toThrow();
    expect(() => dailyAnswerButton.id([4.2, 0])).toThrow();
    expect(() => openLessonButton.id(['1000.1', 'private'])).toThrow();
    expect(() => practiceAnswerButton.id(['17.3', '0a1b2c3d4e', [2, 0, 3], 1, 'all'])).toThrow();
    const note = defineAction({ name: 'test:note', args: z.tuple([z.string(), z.string(), z.string()]), handle: () => reply({ body: 'ok' }) });
    expect(() => note.id(['a:b', 'c', 'd'])).toThrow();
    expect(() => note.id(['x'.repeat(35), 'x'.repeat(35), 'x'.repeat(35)])).toThrow(/longer than 100/);
  });

  it('WHEN a builder or a handler disagrees with the schema THEN it does not compile', () => {
    // @ts-expect-error a post id is a number, not its digits
    expect(() => dailyAnswerButton.id(['42', 3])).toThrow();
    // @ts-expect-error visibility is a name; its wire letter is the codec's business
    expect(() => openLessonButton.id(['17.3', 's'])).toThrow();
    // @ts-expect-error a chapter button carries the chapter and the visibility
    expect(() => openChapterButton.id([17])).toThrow();
    const count = z.codec(z.string().regex(/^\d{1,3}$/), z.int(), { decode: Number, encode: String });
    const mismatched = defineAction({
      name: 'test:count',
      args: z.tuple([count]),
      // @ts-expect-error the schema hands the handler a number, not a string
      handle: (_ctx, [n]: [string]) => reply({ body: n.toUpperCase() }),
    });
    expect(mismatched.id([7])).toBe('v1:test:count:7');
  });
});
