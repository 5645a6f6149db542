import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction } from '../../src/core/actions.js';
import { UserError } from '../../src/core/errors.js';

describe('GIVEN action ids on buttons', () => {
  it('WHEN a command, action and arguments are encoded THEN they round-trip in a short versioned string', () => {
    const id = encodeAction('lesson', 'open', '17.3', 'p');
    expect(id).toBe('v1:lesson:open:17.3:p');
    expect(decodeAction(id)).toEqual({ command: 'lesson', action: 'open', args: ['17.3', 'p'] });
  });

  it('WHEN an id a platform would reject is built THEN it is refused', () => {
    expect(() => encodeAction('lesson', 'open', 'has:colon')).toThrow();
    expect(() => encodeAction('lesson', 'open', ...Array.from({ length: 10 }, () => 'x'.repeat(12)))).toThrow(/longer than 100/);
  });

  it.each(['v0:lesson:open:17.3', 'lesson:open', 'v1:lesson', 'v1:lesson:open:<@1>', '', 'v1::open:1', 'x'.repeat(101)])(
    'WHEN %j is clicked THEN it is treated as a stale button',
    (id) => {
      expect(() => decodeAction(id)).toThrow(UserError);
    },
  );

  it('WHEN arbitrary input is decoded THEN nothing but a friendly UserError is ever thrown', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (id) => {
        try {
          decodeAction(id);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }),
    );
  });
});
