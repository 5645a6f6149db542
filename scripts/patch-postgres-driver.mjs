// Run by `npm install` (postinstall), production installs included: mends two defects of the
// postgres driver (postgres.js 3.4.9, pinned in package.json) that turn a lost database session
// into a hung or crashed bot, or a shutdown that overruns. Plain JavaScript: it runs before
// anything is built.
//
// First defect (porsager/postgres#1154, #1208; fix proposed in #1209, not released): small writes
// wait for a setImmediate flush. When the session closes with such a write pending, the driver
// cancels the flush but never forgets it (`nextWriteTimer` stays set and `chunk` keeps the dead
// session's bytes). That connection object never flushes a small write again: its next start-up
// message waits for the 5 s connect timeout, over and over, and its queries wait with it. And a
// write made on it while it has no socket (a transaction's ROLLBACK after the cut) throws from a
// timer, which no caller can catch: the process exits.
// The mend: forget the pending write on close, and settle a write with no socket by rejecting its
// queries with CONNECTION_CLOSED, the error every caller already handles as an outage.
// test/postgres/answer-concurrency.test.ts cuts sessions under a burst of clicks and fails without it.
//
// Second defect (porsager/postgres#1097, #1130; fix proposed in #1142, not released): a query on
// a session that is lost is rejected but stays "in flight" (`query` is cleared only by the answer
// that never comes), so closing the client waits for it until its timeout, 5 s per close. That
// overran the shutdown's budget for the database whenever a session had been lost under a query.
// The mend: when the socket closes, the query (rejected by then: on the socket's error, or just
// above on a plain close) is forgotten, since no answer can come for it any more.
// test/postgres/driver-close.test.ts fails without it.
//
// Idempotent, mend by mend (a driver mended by an earlier version of this script gets the rest).
// A driver whose text differs (another version) fails the install loudly, so whoever bumps the
// driver checks whether the defects are still there.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = '/* studybot: closed sessions forget their pending write */';
const QUERY_MARK = '/* studybot: a rejected query is no longer in flight */';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const driver = path.join(root, 'node_modules', 'postgres');

const mends = [
  {
    // Both teardowns (terminate and closed) cancel the flush: forget it and its bytes too.
    find: '    clearImmediate(nextWriteTimer)\n',
    replace: `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARK}\n`,
    times: 2,
  },
  {
    find: '  function nextWrite(fn) {\n',
    replace:
      '  function nextWrite(fn) {\n' +
      `    if (!socket) { ${MARK}\n` +
      '      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n' +
      '      chunk = nextWriteTimer = null\n' +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      '      return false\n' +
      '    }\n',
    times: 1,
  },
  {
    // Only once the socket is gone: until then the query's last answers may still arrive.
    find: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    replace: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n" + `    query = null ${QUERY_MARK}\n`,
    times: 1,
  },
];

const { version } = JSON.parse(await readFile(path.join(driver, 'package.json'), 'utf8'));
// The ESM build (what the bot imports), the CommonJS one and the Cloudflare one share the code.
for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const target = path.join(driver, file);
  let text = await readFile(target, 'utf8');
  for (const { find, replace, times } of mends) {
    // Already mended (an install that ran an earlier version of this script has only some).
    if (text.includes(replace)) continue;
    const found = text.split(find).length - 1;
    if (found !== times) {
      console.error(
        `studybot: postgres ${version} ${file} is not the text scripts/patch-postgres-driver.mjs mends ` +
          `(found ${found} of ${times} places). Check whether this version still has the defect it describes, then update or remove the script.`,
      );
      process.exit(1);
    }
    text = text.split(find).join(replace);
  }
  await writeFile(target, text);
}
console.log(`studybot: mended postgres ${version}'s handling of a closed session (scripts/patch-postgres-driver.mjs)`);
