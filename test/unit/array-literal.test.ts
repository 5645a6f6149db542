import { describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../src/db/array-literal.js';

describe('arrayLiteral', () => {
  it('GIVEN values of each kind THEN every element is quoted and null is NULL', () => {
    expect(arrayLiteral([1, 'a', true, null, false])).toBe('{"1","a","true",NULL,"false"}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('GIVEN text that means something in a literal THEN it stays text: quotes and backslashes escaped, NULL and braces quoted', () => {
    expect(arrayLiteral(['say "hi"', 'back\\slash', 'NULL', '{a,b}', ' spaced '])).toBe('{"say \\"hi\\"","back\\\\slash","NULL","{a,b}"," spaced "}');
  });
});
