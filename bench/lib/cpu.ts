/** CPU time used by processes, from /proc (Linux): who spent the machine's cores during a measurement. */
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

async function postgresPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') pids.push(Number(entry));
  }
  return pids;
}

export interface CpuSnapshot {
  bot: number;
  postgres: number;
  harness: number;
}

/** CPU milliseconds so far of the bot, of every postgres process on this machine, and of this harness. */
export async function cpuSnapshot(botPid: number): Promise<CpuSnapshot> {
  const postgres = (await Promise.all((await postgresPids()).map(processCpuMs))).reduce((a, b) => a + b, 0);
  const own = process.cpuUsage();
  return { bot: await processCpuMs(botPid), postgres, harness: (own.user + own.system) / 1000 };
}

export const cpuBetween = (a: CpuSnapshot, b: CpuSnapshot): CpuSnapshot => ({
  bot: b.bot - a.bot,
  postgres: b.postgres - a.postgres,
  harness: b.harness - a.harness,
});
