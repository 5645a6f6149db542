// deploy/README.md (and README.md's "Run it on AWS") against the Terraform it describes: an
// operator following the guide must not meet an input, output or tfvars key that does not
// exist (Terraform only warns about an unknown tfvars key, and then ignores it), a secret on a
// command line, a first deployment in the wrong order, or a cost that does not add up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, Module, MODULE_DIR, parseDir, ROOT } from '../support/terraform.js';

/** snake_case names the guides write in code that are neither inputs nor outputs of the example, and why. */
const OTHER_NAMES: Record<string, string> = {
  default_tags: 'the provider block of examples/basic',
  force_new_deployment: 'an aws_ecs_service argument the module sets',
  sslrootcert: 'a DATABASE_URL parameter (src/db/tls.ts)',
  sslmode: 'a DATABASE_URL parameter (src/db/tls.ts)',
};

interface CodeBlock {
  lang: string;
  lines: string[];
}

interface Guide {
  file: string;
  text: string;
  code: CodeBlock[];
  /** The text outside code blocks. */
  prose: string;
}

function readGuide(file: string, section?: string): Guide {
  let text = readFileSync(path.join(ROOT, file), 'utf8');
  if (section) {
    const start = text.indexOf(`\n## ${section}\n`);
    expect(start, `${file} has no "## ${section}" section`).toBeGreaterThanOrEqual(0);
    const end = text.indexOf('\n## ', start + 1);
    text = text.slice(start, end < 0 ? undefined : end);
  }
  const code: CodeBlock[] = [];
  const prose = text.replace(/^```(\w*)\n([\s\S]*?)^```$/gm, (_all, lang: string, body: string) => {
    code.push({ lang, lines: body.split('\n') });
    return '';
  });
  return { file, text, code, prose };
}

/**
 * Input, output and tfvars names: snake_case inline code, `name = value` inline code, HCL
 * assignments and `terraform output NAME`. A one-word name in inline code (`cpu`) cannot be told
 * from a command or a word, so it is not checked here.
 */
function namesIn(guide: Guide): Set<string> {
  const names = new Set<string>();
  for (const [, inline] of guide.prose.matchAll(/`([^`\n]+)`/g)) {
    const token = inline!.trim();
    const assigned = /^([a-z][a-z0-9_]*)\s*=/.exec(token)?.[1];
    if (assigned) names.add(assigned);
    else if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(token)) names.add(token);
  }
  for (const block of guide.code) {
    for (const line of block.lines) {
      for (const [, name] of line.matchAll(/terraform output (?:-raw |-json )?([a-z][a-z0-9_]*)/g)) names.add(name!);
      if (block.lang === 'hcl' || block.lang === 'terraform') {
        const assigned = /^\s*([a-z][a-z0-9_]*)\s*=/.exec(line)?.[1];
        if (assigned) names.add(assigned);
      }
    }
  }
  return names;
}

/** Shell lines of the guide's sh blocks, with heredoc bodies marked (their text is data, not a command line). */
function shellLines(guide: Guide): Array<{ line: string; inHeredoc: boolean }> {
  const out: Array<{ line: string; inHeredoc: boolean }> = [];
  for (const block of guide.code.filter((b) => b.lang === 'sh' || b.lang === 'bash')) {
    let terminator: string | undefined;
    for (const line of block.lines) {
      if (terminator) {
        out.push({ line, inHeredoc: true });
        if (line.trim() === terminator) terminator = undefined;
        continue;
      }
      out.push({ line, inHeredoc: false });
      terminator = /<<-?'?(\w+)'?/.exec(line)?.[1];
    }
  }
  return out;
}

/** Evaluates "0.25 × 0.03238 × 730 + 0.5 × 0.03": products of numbers, summed. */
function evaluate(arithmetic: string): number {
  return arithmetic
    .split('+')
    .map((term) => term.split('×').map((factor) => Number(factor.trim())))
    .map((factors) => {
      for (const f of factors) expect(Number.isFinite(f), `"${arithmetic}" is not products of numbers, summed`).toBe(true);
      return factors.reduce((a, b) => a * b, 1);
    })
    .reduce((a, b) => a + b, 0);
}

const dollars = (cell: string): number => Number(/\$([\d,]+\.\d\d)/.exec(cell)?.[1]?.replace(/,/g, '') ?? NaN);

interface CostTable {
  rows: Array<{ item: string; arithmetic: string; perMonth: number }>;
  total: number;
}

/** Tables with the columns item | arithmetic | per month, ending in a **Total** row. */
function costTables(guide: Guide): CostTable[] {
  const tables: CostTable[] = [];
  for (const block of guide.text.split(/\n(?=\| item \| arithmetic \| per month \|)/).slice(1)) {
    const rows = block
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .slice(2)
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const total = rows.find(([item]) => /^\*\*Total/.test(item!));
    expect(total, 'each cost table ends in a **Total** row').toBeDefined();
    tables.push({
      rows: rows.filter((r) => r !== total).map(([item, arithmetic, perMonth]) => ({ item: item!, arithmetic: arithmetic!, perMonth: dollars(perMonth!) })),
      total: dollars(total![2]!),
    });
  }
  return tables;
}

let mod: Module;
let example: Module;
let backendKeys: string[];
let guide: Guide;
let readme: Guide;

beforeAll(async () => {
  mod = new Module(await parseDir(MODULE_DIR, /\.tf$/));
  example = new Module(await parseDir(EXAMPLE_DIR, /\.tf$/));
  const [backend] = await parseDir(EXAMPLE_DIR, /^backend\.hcl\.example$/);
  backendKeys = Object.keys(backend!.doc);
  guide = readGuide('deploy/README.md');
  readme = readGuide('README.md', 'Run it on AWS');
});

describe('GIVEN deploy/README.md and README.md', () => {
  it.each(['deploy/README.md', 'README.md'])('THEN every input, output and tfvars key %s names exists in examples/basic', (file) => {
    const names = namesIn(file === 'README.md' ? readme : guide);
    expect(names.size, `${file}: the name extraction found nothing; update this test to the guide's shape`).toBeGreaterThan(3);
    for (const name of names) {
      const known = name in example.variables || name in example.outputs || backendKeys.includes(name) || name in OTHER_NAMES;
      expect(known, `${file} names \`${name}\`, which is not an input or output of examples/basic (nor a backend.hcl key, nor listed in OTHER_NAMES)`).toBe(
        true,
      );
    }
  });

  it('THEN every `terraform output` the guide uses reads an output of examples/basic', () => {
    const used = guide.code.flatMap((b) =>
      b.lines.flatMap((line) => [...line.matchAll(/terraform output (?:-raw |-json )?([a-z][a-z0-9_]*)/g)].map((m) => m[1]!)),
    );
    expect(used, 'the guide should read the repository URL and the cluster from outputs').toEqual(
      expect.arrayContaining(['ecr_repository_url', 'ecs_cluster_name']),
    );
    for (const name of used) expect(Object.keys(example.outputs), `the guide runs terraform output ${name}`).toContain(name);
  });
});

describe('GIVEN the secrets deploy/README.md has the operator store', () => {
  const SECRET_VARIABLE = /\$\{?(\w*(?:TOKEN|PASSWORD|SECRET|DATABASE_URL)\w*)\}?/g;

  it('THEN every secret value goes on standard input (--secret-string file:///dev/stdin), never on a command line', () => {
    const uses = shellLines(guide).filter(({ line }) => line.includes('--secret-string'));
    expect(uses.length, 'the guide stores secrets with --secret-string').toBeGreaterThan(0);
    for (const { line } of uses)
      expect(line, 'a value after --secret-string is visible in the process list').toMatch(/--secret-string file:\/\/\/dev\/stdin\b/);
  });

  it('THEN a secret-holding shell variable is used only in read -s, printf (a builtin), an assignment or unset', () => {
    let seen = 0;
    for (const { line, inHeredoc } of shellLines(guide)) {
      for (const [, name] of line.matchAll(SECRET_VARIABLE)) {
        if (name!.endsWith('_ARN') || inHeredoc) continue;
        seen++;
        const allowed = new RegExp(`^\\s*(printf |unset |read -rsp? |(export )?${name}=)`).test(line);
        expect(allowed, `"${line.trim()}" puts $${name} on a command line`).toBe(true);
      }
    }
    expect(seen, 'the guide should show how a token is read and stored').toBeGreaterThan(0);
    for (const { line } of shellLines(guide).filter(({ line }) => /^\s*read /.test(line))) {
      expect(line, 'every read of a value must be silent (-s)').toMatch(/read -\w*s/);
    }
  });
});

describe('GIVEN an operator following deploy/README.md from an empty account', () => {
  const commands = (): string[] =>
    shellLines(guide)
      .filter((l) => !l.inHeredoc)
      .map((l) => l.line);

  it('THEN they create the state bucket with versioning, encryption and all public access blocked, and lock with use_lockfile', () => {
    const sh = commands().join('\n');
    expect(sh).toMatch(/aws s3api create-bucket/);
    expect(sh).toMatch(/put-bucket-versioning [^\n]*Status=Enabled/);
    expect(sh).toMatch(/put-bucket-encryption/);
    for (const flag of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) expect(sh).toContain(`${flag}=true`);
    expect(
      shellLines(guide).some(({ line, inHeredoc }) => inHeredoc && /^use_lockfile\s*=\s*true$/.test(line.trim())),
      'backend.hcl must set use_lockfile = true',
    ).toBe(true);
  });

  it('THEN they create the repository alone, push the image, and only then apply the service', () => {
    const sh = commands();
    const firstApply = sh.findIndex((l) => /terraform apply/.test(l));
    const push = sh.findIndex((l) => /docker buildx build/.test(l));
    const fullApply = sh.findIndex((l, i) => i > firstApply && /terraform apply/.test(l) && !/-target/.test(l));
    expect(sh[firstApply], 'the first apply must create only the repository').toMatch(/terraform apply -target=module\.studybot\.aws_ecr_repository\.this$/);
    expect(mod.resources.has('aws_ecr_repository.this'), 'the -target address must exist in the module').toBe(true);
    expect(push, 'the image is pushed after the repository exists').toBeGreaterThan(firstApply);
    expect(fullApply, 'the service is applied after the push').toBeGreaterThan(push);
    expect(sh.slice(push, push + 3).join(' '), 'the build must push, for the platform the task runs on').toMatch(
      /--platform "\$\(terraform output -raw image_platform\)"[\s\S]*--push/,
    );
  });

  it('THEN they save plans under a name .gitignore keeps out of git', () => {
    const plans = commands().flatMap((l) => [...l.matchAll(/-out=(\S+)/g)].map((m) => m[1]!));
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan, 'plans are ignored as *.tfplan').toMatch(/\.tfplan$/);
  });
});

describe('GIVEN the cost tables of deploy/README.md', () => {
  it('THEN they add up: every line is computed from its arithmetic and every total from its lines', () => {
    const tables = costTables(guide);
    expect(tables.length, 'one cost table per setup: (a), (b), (c)').toBe(3);
    for (const { rows, total } of tables) {
      for (const { item, arithmetic, perMonth } of rows) {
        expect(Math.abs(evaluate(arithmetic) - perMonth), `${item}: ${arithmetic} is not $${perMonth}`).toBeLessThanOrEqual(0.005 + 1e-9);
      }
      const cents = rows.reduce((sum, { perMonth }) => sum + Math.round(perMonth * 100), 0);
      expect(Math.round(total * 100), `the total should be the sum of its lines ($${(cents / 100).toFixed(2)})`).toBe(cents);
    }
    const totals = tables.map((t) => t.total);
    expect(
      [...totals].sort((a, b) => a - b),
      'the setups go from the cheapest to the dearest',
    ).toEqual(totals);
  });

  it('THEN the prices are dated and the same totals are quoted in the overview and in README.md, cheapest first', () => {
    expect(guide.text, 'the prices need their Region and date').toMatch(/us-east-1, prices as of [A-Z][a-z]+ \d{4}/);
    const totals = costTables(guide).map((t) => t.total);
    const overview = guide.text.slice(guide.text.indexOf('## Choose a setup'), guide.text.indexOf('## 1.'));
    expect(
      [...overview.matchAll(/\*\*\$([\d.]+)\*\*/g)].map((m) => Number(m[1])),
      'the "Choose a setup" table must quote the cost tables\' totals',
    ).toEqual(totals);
    const quoted = [...readme.text.matchAll(/\$([\d,]+\.\d\d)/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(quoted, 'README.md should quote the three totals, cheapest first').toEqual(totals);
  });
});
