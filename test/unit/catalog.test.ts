import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CourseCatalog } from '../../src/content/catalog.js';
import { noMatchReply } from '../../src/content/replies.js';
import { realCourse } from '../support/app.js';

let catalog: CourseCatalog;
beforeAll(async () => {
  catalog = new CourseCatalog(await realCourse());
});

const lessonId = (input: string) => {
  const match = catalog.resolve(input);
  return match.kind === 'lesson' ? match.sub.id : match.kind;
};

describe('GIVEN a learner types a topic', () => {
  it('WHEN it is a lesson id THEN that lesson opens, with leading zeros tolerated', () => {
    expect(lessonId('17.3')).toBe('17.3');
    expect(lessonId(' 05.02 ')).toBe('5.2');
  });

  it('WHEN it is a chapter number or "chapter 17" THEN the chapter opens', () => {
    for (const input of ['17', 'ch17', 'Chapter 17']) {
      const match = catalog.resolve(input);
      expect(match.kind === 'chapter' && match.chapter.number).toBe(17);
    }
  });

  it('WHEN it is nothing THEN the table of contents opens', () => {
    expect(catalog.resolve(undefined).kind).toBe('contents');
    expect(catalog.resolve('   ').kind).toBe('contents');
  });

  it.each([
    ['fargate', '17.3'],
    ['FARGATE', '17.3'],
    ['fárgate', '17.3'],
    ['state locking', '20.2'],
    ['nat gateway', '6.3'],
    ['terragrunt', '19.3'],
    ['guardduty', '23.3'],
    ['step functions', '28.3'],
    ['cold start', '14.4'],
  ])('WHEN it is the keywords "%s" THEN %s is found first', (input, id) => {
    expect(lessonId(input)).toBe(id);
  });

  it('WHEN it is keywords THEN up to 5 other lessons are also suggested', () => {
    const match = catalog.resolve('s3 bucket policy');
    expect(match.kind).toBe('lesson');
    if (match.kind === 'lesson') {
      expect(match.alsoSee.length).toBeGreaterThan(0);
      expect(match.alsoSee.length).toBeLessThanOrEqual(5);
      expect(match.alsoSee).not.toContain(match.sub);
    }
  });

  it.each(['99.9', '17.9', '0', '@everyone', '<@123>', 'zzzzqqq'])('WHEN it is "%s" THEN nothing matches', (input) => {
    expect(catalog.resolve(input).kind).toBe('none');
  });

  it('WHEN it is an id in a real chapter but past its end THEN the reply says which lessons the chapter has', () => {
    const match = catalog.resolve('17.9');
    expect(match.kind === 'none' && match.hint).toBe('Chapter 17 has lessons 17.1–17.4.');
  });
});

describe('GIVEN the previous and next lesson buttons', () => {
  it('THEN they cross chapter borders in both directions', () => {
    expect(catalog.neighbours('17.4')).toMatchObject({ previous: { id: '17.3' }, next: { id: '18.1' } });
    expect(catalog.neighbours('18.1').previous?.id).toBe('17.4');
  });
  it('THEN they stop at the ends of the course', () => {
    expect(catalog.neighbours('1.1').previous).toBeUndefined();
    expect(catalog.neighbours('33.4').next).toBeUndefined();
  });
});

describe('GIVEN the topic autocomplete', () => {
  it('WHEN "17" is typed THEN id prefix matches come first: chapter 17, then 17.1–17.4', () => {
    const values = catalog.autocomplete('17').map((c) => c.value);
    expect(values.slice(0, 5)).toEqual(['17', '17.1', '17.2', '17.3', '17.4']);
  });

  it('WHEN "17.3" is typed THEN 17.3 comes first', () => {
    expect(catalog.autocomplete('17.3')[0]).toEqual({ name: '17.3 · ECS: task definitions, services, Fargate vs EC2', value: '17.3' });
  });

  it('WHEN "ecs" is typed THEN 17.3 is among the title and keyword matches', () => {
    expect(catalog.autocomplete('ecs').map((c) => c.value)).toContain('17.3');
  });

  it('THEN it never offers more than 25 choices or a label over 100 characters', () => {
    for (const input of ['', '1', 'a', 'terraform', 'the', '27.1']) {
      const choices = catalog.autocomplete(input);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) expect([...choice.name].length).toBeLessThanOrEqual(100);
    }
    expect(catalog.autocomplete('27.1')[0]!.name).toMatch(/^27\.1 · The six pillars.*…$/);
  });
});

describe('GIVEN arbitrary input (property-based)', () => {
  it('THEN resolve and autocomplete never throw, and a no-match reply never carries a raw mention', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 50 }),
          fc.constantFrom('@everyone', '@here', '<@&1>', '`', '**', "'; drop table users; --", 'x'.repeat(5000)),
        ),
        (input) => {
          const match = catalog.resolve(input);
          catalog.autocomplete(input);
          if (match.kind === 'none') {
            const reply = noMatchReply(catalog, input, match.suggestions, match.hint);
            expect(reply.private).toBe(true);
            expect(reply.body).not.toMatch(/@(everyone|here)|<@|<#|<!/);
            expect(reply.body!.length).toBeLessThan(1000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
