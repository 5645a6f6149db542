/**
 * Where a bot's CPU went, from a V8 profile (`BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR"`):
 * self time by package (our code by top folder, dependencies by package name, Node's own
 * internals, the garbage collector) and the busiest functions.
 *
 *   npx tsx bench/profile-summary.ts DIR/CPU.*.cpuprofile [--top=25]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** "discord.js", "@discordjs/ws", "src/quiz", "node:internal", "(garbage collector)"… */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.startsWith('node:internal') ? 'node:internal' : url;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const ours = /\/(dist\/)?((src|commands)\/[^/]+)/.exec(url);
  return ours ? ours[2]! : url;
}

export function summarize(profile: Profile): { totalMs: number; byPackage: Map<string, number>; byFunction: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    totalUs += us;
    const pkg = packageOf(frame.url, frame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us / 1000);
    const fn = `${frame.functionName || '(anonymous)'} · ${pkg}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us / 1000);
  }
  return { totalMs: totalUs / 1000, byPackage, byFunction };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top=25]');
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
  const { totalMs, byPackage, byFunction } = summarize(JSON.parse(await readFile(file, 'utf8')) as Profile);
  const table = (rows: Map<string, number>, limit: number) =>
    [...rows]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} ms | ${((100 * ms) / totalMs).toFixed(1)} % |`)
      .join('\n');
  console.log(`busy CPU (idle and (program) left out): ${totalMs.toFixed(0)} ms\n`);
  console.log(`| package | self time | share |\n|---|---:|---:|\n${table(byPackage, top)}\n`);
  console.log(`| function | self time | share |\n|---|---:|---:|\n${table(byFunction, top)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
