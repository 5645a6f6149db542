import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { KEPT_CARDS } from '../../src/cards/card-protocol.js';
import { CanvasCardRenderer, MAX_WAITING_CARDS } from '../../src/cards/canvas-card-renderer.js';
import { drawable } from '../../src/cards/fonts.js';
import { NAME_END } from '../../src/cards/leaderboard-card.js';
import { SAMPLE_CARDS, SAMPLE_LEADERBOARD, SAMPLE_REVEAL } from '../../src/cards/samples.js';
import { SAMPLE_CARDS_DIR } from '../../src/cards/sample-cli.js';
import { THEME } from '../../src/cards/theme.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { cardAltText, cardText, type Card, type CardImage, type LeaderboardCard } from '../../src/core/cards.js';

/** RGBA pixels of a PNG. */
async function pixels(png: Uint8Array): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** The share of pixels whose colour differs by more than `threshold` in any channel. */
function differingShare(a: Uint8ClampedArray, b: Uint8ClampedArray, threshold = 48): number {
  let differing = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!)) > threshold) differing += 1;
  }
  return differing / (a.length / 4);
}

const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));

// Cards are drawn in a process of their own: one for the whole file.
const renderer = new CanvasCardRenderer();
afterAll(() => renderer.close());

async function drawn(card: Card, by = renderer): Promise<CardImage> {
  const image = await by.render(card);
  if (!image) throw new Error(`the ${card.kind} card was not drawn`);
  return image;
}

describe('GIVEN the sample cards (fixed data, the shipped fonts)', () => {
  it.each(Object.keys(SAMPLE_CARDS) as Array<keyof typeof SAMPLE_CARDS>)(
    'WHEN the %s card is drawn THEN it matches docs/cards within half a percent of its pixels',
    async (name) => {
      const card = SAMPLE_CARDS[name];
      const drawnNow = await pixels(await (await drawn(card)).png());
      const golden = await pixels(await readFile(path.join(SAMPLE_CARDS_DIR, `${name}.png`)));
      expect({ width: drawnNow.width, height: drawnNow.height }, 'run `npm run cards:sample` after changing a card, and look at it').toEqual({
        width: golden.width,
        height: golden.height,
      });
      expect(differingShare(drawnNow.data, golden.data), 'run `npm run cards:sample` after changing a card, and look at it').toBeLessThanOrEqual(0.005);
    },
  );

  it('WHEN a card is drawn THEN it is a PNG at least 600 px wide, with alt text saying what it shows', async () => {
    const image = await drawn(SAMPLE_LEADERBOARD);
    expect(Buffer.from((await image.png()).subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(image.width).toBeGreaterThanOrEqual(600);
    expect(image.alt).toMatch(/^Leaderboard card, People · this week, Cloud Study Group: 1\. Ana Petrova, 96 points, streak 7; 2\. Ben 🚀, 87 points/);
    expect(image.alt).toMatch(/17\. Sam, 8 points\. 31 people on the board\.$/);
  });

  it(`WHEN more than ${MAX_WAITING_CARDS} cards wait for the drawing process at once THEN the rest are not drawn (their replies stay text)`, async () => {
    const fresh = new CanvasCardRenderer();
    const asked = Array.from({ length: MAX_WAITING_CARDS + 4 }, (_, i) => fresh.render({ ...SAMPLE_LEADERBOARD, footer: `burst ${i}` }));
    const answers = await Promise.all(asked);
    expect(answers.filter(Boolean)).toHaveLength(MAX_WAITING_CARDS);
    expect(answers.slice(MAX_WAITING_CARDS)).toEqual([undefined, undefined, undefined, undefined]);
    // Once the queue is short again, cards are drawn.
    expect(await fresh.render({ ...SAMPLE_LEADERBOARD, footer: 'after the burst' })).toBeDefined();
    await fresh.close();
  });

  it('WHEN the same card is asked for twice within a minute THEN it is drawn once', async () => {
    const fresh = new CanvasCardRenderer();
    const [first, second] = await Promise.all([fresh.render(SAMPLE_LEADERBOARD), fresh.render(structuredClone(SAMPLE_LEADERBOARD))]);
    expect(second).toBe(first);
    expect(await fresh.render({ ...SAMPLE_LEADERBOARD, title: 'People · this month' })).not.toBe(first);
    await fresh.close();
  });
});

/** Resolves when the process with this pid has gone (signal 0 probes without touching it). */
async function gone(pid: number, withinMs = 5_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('GIVEN the process cards are drawn in', () => {
  it('WHEN no card is asked for a while THEN the process goes (its memory with it), and the next card starts it again', async () => {
    const fresh = new CanvasCardRenderer({ idleMs: 300 });
    await drawn({ ...SAMPLE_LEADERBOARD, footer: 'before the pause' }, fresh);
    const first = fresh.drawerPid!;
    expect(first).toBeGreaterThan(0);
    expect(await gone(first)).toBe(true);
    expect(fresh.drawerPid).toBeUndefined();
    const after = await drawn({ ...SAMPLE_LEADERBOARD, footer: 'after the pause' }, fresh);
    expect(after.width).toBeGreaterThanOrEqual(600);
    expect(fresh.drawerPid).not.toBe(first);
    await fresh.close();
  });

  it('WHEN the process dies while drawing (out of memory, a native crash) THEN that card fails, the bot lives on, and the next card is drawn', async () => {
    const fresh = new CanvasCardRenderer();
    await drawn({ ...SAMPLE_LEADERBOARD, footer: 'warm' }, fresh);
    const victim = fresh.drawerPid!;
    const lost = fresh.render({ ...SAMPLE_LEADERBOARD, footer: 'in flight' });
    // SIGKILL, as the kernel's OOM killer sends it (a SIGSEGV would behave the same, and could leave a core file behind).
    process.kill(victim, 'SIGKILL');
    await expect(lost).rejects.toThrow(/drawing a leaderboard card failed: the drawing process exited \(SIGKILL\)/);
    // Not kept as a failure: the same card asked again is drawn by a new process.
    const again = await drawn({ ...SAMPLE_LEADERBOARD, footer: 'in flight' }, fresh);
    expect((await again.png()).byteLength).toBeGreaterThan(1000);
    expect(fresh.drawerPid).not.toBe(victim);
    await fresh.close();
  });

  it("WHEN a card is sent THEN the drawing process makes the multipart request: its fields, then the PNG under the card's name", async () => {
    const fresh = new CanvasCardRenderer();
    const image = await drawn({ ...SAMPLE_LEADERBOARD, footer: 'sent' }, fresh);
    const received: Array<{ method?: string; authorization?: string; form: FormData }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData().then((form) => {
          received.push({ method: req.method, authorization: req.headers.authorization, form });
          if (req.url === '/limited') res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"retry_after":1}');
          else res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
      const result = await image.send({
        url,
        method: 'PATCH',
        headers: { Authorization: 'Bot t' },
        fields: { payload_json: '{"a":1}' },
        fileField: 'files[0]',
      });
      expect(result).toMatchObject({ status: 200, body: '{"id":"1"}' });
      const [request] = received;
      expect(request).toMatchObject({ method: 'PATCH', authorization: 'Bot t' });
      expect(request!.form.get('payload_json')).toBe('{"a":1}');
      const file = request!.form.get('files[0]') as File;
      expect({ name: file.name, type: file.type }).toEqual({ name: 'leaderboard.png', type: 'image/png' });
      expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(await image.png()))).toBe(true);

      // An answer nobody reads stays in the drawing process, unless it is an error: then its body
      // and headers (a 429's retry-after) come back.
      const unread = { url, method: 'PATCH' as const, fields: {}, fileField: 'files[0]', discardBody: true };
      expect(await image.send(unread)).toEqual({ status: 200, headers: {}, body: '' });
      expect(await image.send({ ...unread, url: url.replace('/messages', '/limited') })).toMatchObject({
        status: 429,
        headers: { 'retry-after': '1' },
        body: '{"retry_after":1}',
      });
    } finally {
      server.close();
      await fresh.close();
    }
  });

  it("WHEN a card drawn by a process since let go is asked for again (the minute's cache) THEN it is drawn again, whole", async () => {
    const fresh = new CanvasCardRenderer({ idleMs: 300 });
    const image = await drawn({ ...SAMPLE_LEADERBOARD, footer: 'kept a minute' }, fresh);
    const first = fresh.drawerPid!;
    expect(await gone(first)).toBe(true);
    expect(Buffer.from((await image.png()).subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(fresh.drawerPid).not.toBe(first);
    await fresh.close();
  });

  it('WHEN more cards are drawn than the process keeps THEN the oldest, asked for again, is drawn again', async () => {
    const fresh = new CanvasCardRenderer();
    const cards = Array.from({ length: KEPT_CARDS + 1 }, (_, i) => ({ ...SAMPLE_REVEAL, question: `Question ${i}?` }));
    const images = [];
    for (const card of cards) images.push(await drawn(card, fresh));
    const oldest = await images[0]!.png();
    expect((await pixels(oldest)).width).toBe(images[0]!.width);
    await fresh.close();
  });

  it('WHEN the renderer is closed THEN the process exits', async () => {
    const fresh = new CanvasCardRenderer();
    await drawn({ ...SAMPLE_LEADERBOARD, footer: 'then close' }, fresh);
    const pid = fresh.drawerPid!;
    await fresh.close();
    expect(await gone(pid, 1_000)).toBe(true);
  });

  it('WHEN closing the renderer is the last thing a program awaits (npm run cards:sample) THEN the program waits for the process and exits 0', async () => {
    // In a process of its own: with nothing else keeping Node's event loop alive, a close that
    // does not hold it would leave its await unsettled, and Node exits 13.
    const program = `
const { CanvasCardRenderer } = await import(${JSON.stringify(path.join(PACKAGE_ROOT, 'src/cards/canvas-card-renderer.ts'))});
const { SAMPLE_STATS } = await import(${JSON.stringify(path.join(PACKAGE_ROOT, 'src/cards/samples.ts'))});
const renderer = new CanvasCardRenderer();
const image = await renderer.render(SAMPLE_STATS);
await image.png();
await renderer.close();
console.log('closed');
`;
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { cwd: PACKAGE_ROOT, timeout: 30_000 }, (error, stdout) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout }),
      );
    });
    expect(run).toEqual({ code: 0, stdout: 'closed\n' });
  });
});

describe('GIVEN hostile names', () => {
  const HOSTILE = [
    'W'.repeat(200),
    '\u202Egnp.exe\u202C Mallory',
    'zero\u200b\u200bwidth\u2060name\ufeff',
    '🔥🔥🔥🚀🚀🚀🎉🎉🎉🔥🔥🔥🚀🚀🚀🎉🎉🎉🔥🔥🔥🚀🚀🚀',
    '@everyone',
    '\u200b\u200b\u200b',
    'Ⅷ'.repeat(80),
  ];
  const board: LeaderboardCard = {
    kind: 'leaderboard',
    title: 'People · all time',
    place: '\u202E'.repeat(3) + 'S'.repeat(300),
    rows: HOSTILE.map((name, i) => ({ rank: i + 1, name, points: 100 - i, detail: `${9 - i} right`, streak: 3 })),
    footer: '7 people on the board',
  };

  it('WHEN they are drawn THEN no name runs into the numbers: the strip before the detail column stays empty on every row', async () => {
    const image = await drawn(board);
    const { width, data } = await pixels(await image.png());
    const background = hex(THEME.background);
    const ROW_TOP = 104;
    const ROW = 52;
    for (let row = 0; row < HOSTILE.length; row++) {
      for (let y = ROW_TOP + row * ROW + 8; y < ROW_TOP + (row + 1) * ROW - 8; y += 2) {
        for (let x = NAME_END + 2; x < NAME_END + 18; x += 2) {
          const at = (y * width + x) * 4;
          expect([data[at], data[at + 1], data[at + 2]], `name ${row + 1} reaches x=${x}, y=${y}`).toEqual(background);
        }
      }
    }
  });

  it('WHEN they are described THEN the alt text carries no steering or invisible characters, and an empty name reads "?"', () => {
    const alt = cardAltText(board);
    expect(alt).not.toMatch(/[\u200b\u202a-\u202e\u2060\ufeff]/);
    expect(alt).toContain('2. gnp.exe Mallory, 99 points');
    expect(alt).toContain('3. zerowidthname, 98 points');
    expect(alt).toContain('5. @everyone, 96 points');
    expect(alt).toContain('6. ?, 95 points');
    expect([...alt].length).toBeLessThanOrEqual(1024);
  });

  it('WHEN a name is only steering characters and spaces THEN the card shows "?" for it', () => {
    expect(cardText('\u202E \u200b\t\n')).toBe('?');
    expect(cardText('  Ana\u00a0\u00a0Petrova ')).toBe('Ana Petrova');
  });
});

describe('GIVEN names in scripts the shipped fonts lack', () => {
  it('WHEN drawn THEN those characters are "?" (never an empty box), and Latin, Cyrillic, Greek, Arabic, Hebrew and emoji stay', () => {
    expect(drawable('王小明 Ana')).toBe('??? Ana');
    expect(drawable('김민수')).toBe('???');
    expect(drawable('Ана Γιώργος Nguyễn محمد דוד')).toBe('Ана Γιώργος Nguyễn محمد דוד');
    expect(drawable('👩‍💻 🔥 👍🏽 🇪🇸')).toBe('👩‍💻 🔥 👍🏽 🇪🇸');
  });

  it('WHEN a board holds them THEN the alt text keeps the names as they are', () => {
    const alt = cardAltText({ ...SAMPLE_LEADERBOARD, rows: [{ rank: 1, name: '王小明', points: 5, detail: '1 right' }], caller: undefined });
    expect(alt).toContain('1. 王小明, 5 points');
  });
});

describe('GIVEN the characters the card code draws itself (icons, labels, digits)', () => {
  it('THEN the shipped fonts cover every one: a task without system fonts (Fargate) draws them the same', () => {
    const drawnByTheCode =
      '🏆📊🎯🚩🔥✔…·–%#0123456789 pts right of this week streak now best answers speed missed wrong Last 12 weeks of quiz days lessons done chapters mastered your next lesson the study plan';
    expect(drawable(drawnByTheCode)).toBe(drawnByTheCode);
  });
});
