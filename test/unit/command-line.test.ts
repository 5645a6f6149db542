import { describe, expect, it } from 'vitest';
import { parseArguments, splitCommandName, tokenize } from '../../src/core/command-line.js';
import { defineCommand, type CommandDefinition } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { reply } from '../../src/core/reply.js';

const execute = () => reply({ body: 'ok' });
const lesson = defineCommand({
  name: 'lesson',
  description: 'd',
  usage: ['/lesson 17.3'],
  options: [
    { name: 'topic', type: 'string', description: 'd' },
    { name: 'share', type: 'boolean', description: 'd' },
  ],
  execute,
});
const setup = defineCommand({
  name: 'quiz-setup',
  description: 'd',
  usage: ['/quiz-setup #study 09:00'],
  options: [
    { name: 'channel', type: 'channel', description: 'd', required: true },
    { name: 'time', type: 'string', description: 'd' },
    { name: 'timezone', type: 'string', description: 'd' },
    { name: 'user', type: 'user', description: 'd' },
  ],
  execute,
});
const team = defineCommand({
  name: 'team',
  description: 'd',
  usage: ['/team join Owls'],
  subcommands: [
    { name: 'create', description: 'd', options: [{ name: 'name', type: 'string', description: 'd', required: true }] },
    { name: 'leave', description: 'd' },
  ],
  execute,
});
const parse = (def: CommandDefinition, rest: string) => parseArguments(def, rest, def.usage[0]!);

describe('GIVEN a command line to tokenize', () => {
  it('WHEN words are quoted THEN they are grouped, and name:"quoted value" stays together', () => {
    expect(tokenize(`create "Night Owls" topic:"state locking" 'single q' plain`)).toEqual([
      'create',
      'Night Owls',
      'topic:state locking',
      'single q',
      'plain',
    ]);
    expect(tokenize(String.raw`"say \"hi\""`)).toEqual(['say "hi"']);
  });
});

describe('GIVEN a slash command line (splitCommandName)', () => {
  it('THEN the command name is read case-insensitively and the rest is kept', () => {
    expect(splitCommandName('/Lesson  17.3 ')).toEqual({ name: 'lesson', rest: '17.3' });
    expect(splitCommandName('lesson 17.3')).toBeUndefined();
  });
});

describe('GIVEN the arguments typed after a command (parseArguments)', () => {
  it('WHEN values are typed without names THEN they fill options positionally, the last string option taking the rest of the line', () => {
    expect(parse(lesson, 'state locking').options).toEqual({ topic: 'state locking' });
  });
  it('WHEN name:value pairs are typed THEN they are accepted in any order', () => {
    expect(parse(lesson, 'share:true topic:fargate').options).toEqual({ topic: 'fargate', share: 'true' });
  });
  it('WHEN Slack channel and user mentions or console #names are typed THEN they resolve to ids', () => {
    expect(parse(setup, '<#C0123|study> 09:00 Europe/Madrid <@U042>').options).toEqual({
      channel: 'C0123',
      time: '09:00',
      timezone: 'Europe/Madrid',
      user: 'U042',
    });
    expect(parse(setup, '#study').options).toEqual({ channel: 'study' });
  });
  it('WHEN the command has subcommands THEN the subcommand is read first', () => {
    expect(parse(team, 'create "Night Owls"')).toEqual({ subcommand: 'create', options: { name: 'Night Owls' } });
    expect(parse(team, 'leave')).toEqual({ subcommand: 'leave', options: {} });
  });
  it('WHEN the subcommand is unknown THEN it is rejected with the list of valid ones', () => {
    expect(() => parse(team, 'explode')).toThrow(new UserError('bad-input', '`/team` needs one of: `create`, `leave`. Usage: `/team join Owls`'));
  });
  it('WHEN values are left over THEN they are rejected', () => {
    expect(() => parse(team, 'leave now')).toThrow(/Too many values/);
  });
});

describe('GIVEN typed values trailing after a free-text option', () => {
  it('WHEN the trailing value is a boolean THEN it is read as the boolean option', () => {
    expect(parse(lesson, 'fargate true').options).toEqual({ topic: 'fargate', share: 'true' });
  });
  it('WHEN a lone word looks like a boolean THEN it stays the topic', () => {
    expect(parse(lesson, 'yes').options).toEqual({ topic: 'yes' });
  });
});

describe('GIVEN typed values that match an option choice', () => {
  const board = defineCommand({
    name: 'leaderboard',
    description: 'd',
    usage: ['/leaderboard'],
    options: [
      {
        name: 'period',
        type: 'string',
        description: 'd',
        choices: [
          { name: 'week', value: 'week' },
          { name: 'all', value: 'all' },
        ],
      },
      {
        name: 'board',
        type: 'string',
        description: 'd',
        choices: [
          { name: 'people', value: 'people' },
          { name: 'teams', value: 'teams' },
        ],
      },
    ],
    execute,
  });
  it('THEN they go to the option that declares them, in any order and any case', () => {
    expect(parse(board, 'teams').options).toEqual({ board: 'teams' });
    expect(parse(board, 'Teams ALL').options).toEqual({ board: 'teams', period: 'all' });
    expect(parse(board, 'all').options).toEqual({ period: 'all' });
  });
});

describe('hostile command lines', () => {
  it('GIVEN unterminated quotes after name: prefixes, 200,000 characters of them THEN tokenizing takes linear time', () => {
    const hostile = "a:'".repeat(70_000);
    const started = performance.now();
    const tokens = tokenize(hostile);
    // The regular expression this replaced took 0.7 s on 80,000 characters, and four times that for twice as many.
    expect(performance.now() - started).toBeLessThan(500);
    // Each quote closes the one before it: a:'a:' is the value "a:" for a.
    expect(tokens).toHaveLength(35_000);
    expect(new Set(tokens)).toEqual(new Set(['a:a:']));
    expect(tokenize(`${'x:"'.repeat(70_001)}`).at(-1)).toBe('x:"');
  });

  it('GIVEN quotes, escapes and prefixes THEN values come out as typed', () => {
    expect(tokenize(`topic:"state locking" 'two words' a:b:"c d" "esc \\" q" "\\\\" x'y`)).toEqual([
      'topic:state locking',
      'two words',
      'a:b:c d',
      'esc " q',
      '\\',
      "x'y",
    ]);
    expect(tokenize(`"unclosed and:'also`)).toEqual(['"unclosed', "and:'also"]);
  });
});
