import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot, Invocation } from '../../core/bot.js';
import type { Form } from '../../core/forms.js';
import { settled, type CardImage } from '../../core/cards.js';
import { notice, type Button, type Reply } from '../../core/reply.js';
import type { ChannelTarget, QuizPublisher } from '../../quiz/ports.js';
import { renderReply, type TerminalStyle } from './console.renderer.js';

/** What the console asks of the bot. */
export type ConsoleBot = Pick<Bot, 'registry' | 'action' | 'submit' | 'commandLine' | 'autocomplete'>;

export interface ConsoleOptions {
  bot: ConsoleBot;
  input: Readable;
  output: Writable;
  /** A person at a terminal (prompt, history, Tab completion) or a script (one command per line). */
  interactive: boolean;
  style: TerminalStyle;
  /** Who is typing: the console user is the admin of tenant console:local. */
  invocation: Invocation;
  /** Where drawn cards are written (DATA_DIR/cards), each kind over its last one; none: only the text. */
  cardsDir?: string;
}

const EXIT = new Set(['exit', 'quit', '/exit', '/quit']);
/** `as ana /leaderboard`, `as ana 2`: act as another member of the local study group. */
const AS_USER = /^as\s+([\p{L}\p{N}_.-]{1,32})\s+(.+)$/u;

/**
 * The local console: the same commands as on Discord, typed at a prompt or
 * piped in. Buttons are numbered; typing a number clicks one.
 */
export class ConsoleAdapter {
  private buttons: Button[] = [];
  private closed = false;
  /** The latest daily quiz post's A–D buttons: `daily B` answers it whatever came after. */
  private postButtons: Button[] = [];
  /** The A–D buttons of the latest question on screen (a practice, a review or the daily post): typing a letter answers it. */
  private letterButtons: Button[] = [];
  /** Per member, the last form sent at once (see `Form.typedAs`): `/report <note>` sends it again with the note. */
  private readonly sentForms = new Map<string, Form>();
  private rl?: readline.Interface;

  constructor(private readonly options: ConsoleOptions) {}

  /** Prints a reply: to what was typed, or one not asked for at the prompt (a scheduled post). */
  print(reply: Reply): Promise<void> | void {
    // A terminal shows everything at once: a card still being drawn is waited for.
    if (reply.drawing) return settled(reply).then((drawn) => this.writeWithCard(drawn));
    if (reply.image) return this.writeWithCard(reply);
    this.write(reply, undefined);
  }

  private async writeWithCard(reply: Reply): Promise<void> {
    this.write(reply, reply.image ? await this.saveCard(reply.image) : undefined);
  }

  /** `card`: the path of the reply's card, saved. */
  private write(reply: Reply, card: string | undefined): void {
    const { output, style } = this.options;
    // A reply without buttons ("Posted lesson 3.1") leaves the buttons above it clickable.
    if (reply.buttons?.length) this.buttons = reply.buttons.flat();
    const letters = (reply.buttons ?? []).flat().filter((b) => /^[A-D]$/.test(b.label));
    if (letters.length) this.letterButtons = letters;
    output.write(`${renderReply(reply, style)}\n`);
    output.write(card ? `🖼  ${card}\n\n` : '\n');
  }

  /** A terminal shows no pictures: the card goes to a file, and its path is printed under the text. */
  private async saveCard(image: CardImage): Promise<string | undefined> {
    const { cardsDir } = this.options;
    if (!cardsDir) return undefined;
    try {
      mkdirSync(cardsDir, { recursive: true });
      const file = path.join(cardsDir, image.name);
      writeFileSync(file, await image.png());
      return path.relative(process.cwd(), file).startsWith('..') ? file : `./${path.relative(process.cwd(), file)}`;
    } catch {
      return undefined; // a read-only folder costs the picture, never the reply
    }
  }

  /** The console's channel: daily quiz posts and reveals are printed as they happen. */
  publisher(): QuizPublisher {
    let next = 1;
    const show = async (prefix: string, reply: Reply): Promise<void> => {
      // The outbox's replies come with their card already drawn: saved, then printed under the prefix.
      const card = reply.image ? await this.saveCard(reply.image) : undefined;
      this.options.output.write(`${prefix}\n`);
      this.write(reply, card);
    };
    return {
      post: async (target: ChannelTarget, reply: Reply) => {
        const buttons = (reply.buttons ?? []).flat();
        // A quiz post answers with letters; anything else (a study plan's lesson) with its buttons' numbers.
        if (buttons.some((b) => /^[A-D]$/.test(b.label))) {
          await show(
            `📣 New post in #${target.channelId} (answer by typing A, B, C or D; "daily B" answers it after another question; "as <name> B" answers as someone else):`,
            reply,
          );
          this.postButtons = buttons;
        } else {
          await show(`📣 New post in #${target.channelId} (type a button's number to click it; "as <name> 2" clicks as someone else):`, reply);
        }
        return `console-${next++}`;
      },
      edit: async (target: ChannelTarget) => {
        this.options.output.write(`(The quiz post in #${target.channelId} is now closed.)\n`);
      },
      replyTo: async (target: ChannelTarget, _messageId: string, reply: Reply) => show(`📣 Reply in #${target.channelId}:`, reply),
    };
  }

  async run(): Promise<void> {
    if (this.closed) return;
    const { input, output, interactive } = this.options;
    const rl = readline.createInterface({
      input,
      output: interactive ? output : undefined,
      terminal: interactive,
      historySize: 500,
      completer: interactive
        ? (line: string, done: (err: null, result: [string[], string]) => void) => void this.complete(line).then((r) => done(null, r))
        : undefined,
    });
    this.rl = rl;
    rl.setPrompt('studybot> ');
    if (interactive) rl.prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (EXIT.has(text.toLowerCase())) break;
      if (text) {
        if (!interactive) output.write(`› ${text}\n`);
        await this.handle(text);
      }
      if (interactive) rl.prompt();
    }
    rl.close();
  }

  /** Ends the session: at once if it is running, or before it starts (a signal during start-up). */
  close(): void {
    this.closed = true;
    this.rl?.close();
  }

  private async handle(line: string): Promise<void> {
    const { bot } = this.options;
    const as = AS_USER.exec(line);
    const text = as ? as[2]!.trim() : line;
    const invocation = as
      ? { ...this.options.invocation, user: { id: `console-${as[1]!.toLowerCase()}`, displayName: as[1]!, isAdmin: false } }
      : this.options.invocation;
    const letter = /^(daily\s+)?([a-d])$/i.exec(text);
    if (letter) {
      // The question just asked wins; `daily B` reaches the daily post behind it.
      const daily = letter[1] !== undefined;
      const choices = daily ? this.postButtons : this.letterButtons;
      const button = choices.find((b) => b.label === letter[2]!.toUpperCase());
      if (!button) {
        await this.print(
          notice(
            daily
              ? 'There is no open daily quiz post to answer. An admin can post one with `/quiz-now`.'
              : `There is no question to answer right now: \`/quiz\` asks one${this.postButtons.length ? ', and `daily B` answers the daily post' : ''}.`,
          ),
        );
        return;
      }
      // A practice or review question is answered once; the daily post stays open to everyone.
      if (choices !== this.postButtons && !this.postButtons.includes(button)) this.letterButtons = [];
      await this.show(await bot.action({ ...invocation, actionId: button.action }), invocation);
      return;
    }
    if (/^\d{1,2}$/.test(text)) {
      const button = this.buttons[Number(text) - 1];
      if (!button) {
        await this.print(notice(`There is no button ${text} on the last reply.`));
        return;
      }
      await this.show(await bot.action({ ...invocation, actionId: button.action }), invocation);
      return;
    }
    const typed = /^\/([a-z0-9-]+)(?:\s+([\s\S]*))?$/i.exec(text);
    const form = typed && this.sentForms.get(invocation.user.id);
    if (typed && form?.typedAs === typed[1]!.toLowerCase()) {
      const field = form.fields[0]!;
      await this.print(await bot.submit({ ...invocation, actionId: form.submitAction, values: { [field.id]: typed[2] ?? '' } }));
      return;
    }
    if (!text.startsWith('/')) {
      await this.print(notice("Commands start with `/`: try `/help` or `/lesson 17.3`. Type a button's number to click it."));
      return;
    }
    await this.print(await bot.commandLine(text, invocation));
  }

  /**
   * A reply from a click. A form cannot open in a terminal: one whose fields are
   * all optional is sent at once with them blank, and `/<typedAs> <text>` sends
   * it again with the text (the report form: the click reports, `/report` adds a note).
   */
  private async show(reply: Reply, invocation: Invocation): Promise<void> {
    const form = reply.form;
    if (!form) return this.print(reply);
    if (!form.typedAs || form.fields.some((f) => f.required))
      return this.print(notice(`"${form.title}" is a form to fill in on Discord or Slack; the console cannot show it.`));
    const sent = await this.options.bot.submit({ ...invocation, actionId: form.submitAction, values: {} });
    this.sentForms.set(invocation.user.id, form);
    const field = form.fields[0]!;
    await this.print({
      ...sent,
      footer: [sent.footer, `${field.label} Type /${form.typedAs} <your text> (at most ${field.maxLength} characters) to add it.`].filter(Boolean).join('\n'),
    });
  }

  /** Tab completion: command names, then the command's autocomplete. */
  private async complete(line: string): Promise<[string[], string]> {
    const { bot, invocation } = this.options;
    const space = line.indexOf(' ');
    if (!line.startsWith('/')) return [[], line];
    if (space === -1) {
      const names = bot.registry.list().map((c) => `/${c.name} `);
      return [names.filter((n) => n.startsWith(line.toLowerCase())), line];
    }
    const name = line.slice(1, space).toLowerCase();
    const def = bot.registry.get(name);
    const option = def?.options?.find((o) => o.autocomplete);
    if (!def || !option) return [[], line];
    const typed = line.slice(space + 1).replace(new RegExp(`^${option.name}:`), '');
    const choices = await bot.autocomplete({ ...invocation, name, option: option.name, value: typed });
    return [choices.map((c) => `/${name} ${c.value}`), line];
  }
}
