// The real Terraform CLI on deploy/terraform, offline: fmt, init + validate of the example root,
// and `terraform test` (deploy/terraform/tests, plans against a mocked provider).
//
// Nothing can be downloaded here, so the AWS provider comes from a local filesystem mirror. The
// module pins hashicorp/aws ~> 6.0; where the mirror holds another version (5.100.0 on the
// machines the project is built on), a copy of the module is pinned to the mirror's version,
// and the one attribute 6.x renamed is swapped back. The checked-in files are never modified.
// Without terraform or the mirror (a laptop, usually) the tests are skipped and say why.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_DIR } from '../support/terraform.js';

const run = promisify(execFile);
const MIRROR = '/opt/tf-plugins';
const AWS_IN_MIRROR = path.join(MIRROR, 'registry.terraform.io/hashicorp/aws');
const TIMEOUT_MS = 120_000;

/** The installed Terraform version, or undefined when there is no terraform on PATH. */
function terraformVersion(): string | undefined {
  try {
    const out = execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
    return /^Terraform v(\S+)/m.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

function mirroredAwsVersion(): string | undefined {
  if (!existsSync(AWS_IN_MIRROR)) return undefined;
  const versions = readdirSync(AWS_IN_MIRROR).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  return versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1);
}

const terraform = terraformVersion();
const aws = mirroredAwsVersion();
const missing = !terraform ? 'no terraform binary on PATH' : !aws ? `no hashicorp/aws provider in the mirror ${MIRROR}` : undefined;
// The reason is in each test's name, so a skipped run says why.
const title = (name: string) => (missing ? `${name} (skipped: ${missing}; see deploy/README.md, "Checking changes")` : name);

let work: string;
let env: NodeJS.ProcessEnv;

async function terraformIn(dir: string, ...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('terraform', [...args, '-no-color'], { cwd: dir, env, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`, { cause: error });
  }
}

/** The copy: the same files, the provider pinned to what the mirror holds. */
function copyForMirror(awsVersion: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'studybot-terraform-'));
  cpSync(MODULE_DIR, dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('.terraform') });
  for (const file of ['versions.tf', 'examples/basic/versions.tf']) {
    const target = path.join(dir, file);
    const text = readFileSync(target, 'utf8');
    expect(text, `${file} should pin hashicorp/aws ~> 6.0 (update this test if the pin moved)`).toContain('version = "~> 6.0"');
    writeFileSync(target, text.replace('version = "~> 6.0"', `version = "${awsVersion}"`));
  }
  if (Number(awsVersion.split('.')[0]) < 6) {
    // data.aws_region's `region` attribute is 6.x; 5.x calls it `name`.
    const main = path.join(dir, 'main.tf');
    writeFileSync(main, readFileSync(main, 'utf8').replace('data.aws_region.current.region', 'data.aws_region.current.name'));
  }
  return dir;
}

describe('GIVEN deploy/terraform and the real Terraform CLI, offline', () => {
  beforeAll(() => {
    if (missing) return;
    work = copyForMirror(aws!);
    const cliConfig = path.join(work, 'mirror.tfrc');
    writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
    );
    env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(missing !== undefined)(
    title('THEN it is formatted as terraform fmt would write it (the checked-in files)'),
    async () => {
      const out = await terraformIn(MODULE_DIR, 'fmt', '-check', '-recursive', '-list=true');
      expect(out.trim(), 'these files need `terraform fmt`').toBe('');
    },
    TIMEOUT_MS,
  );

  it.skipIf(missing !== undefined)(
    title('WHEN the example root is initialised without a backend THEN it validates'),
    async () => {
      const example = path.join(work, 'examples/basic');
      await terraformIn(example, 'init', '-backend=false');
      expect(await terraformIn(example, 'validate')).toContain('The configuration is valid');
    },
    TIMEOUT_MS,
  );

  it.skipIf(missing !== undefined)(
    title('WHEN `terraform test` runs THEN every run passes (mocked provider plans: Spot on ARM64 refused, public IP, /healthz...)'),
    async () => {
      const tests = readFileSync(path.join(MODULE_DIR, 'tests/plan.tftest.hcl'), 'utf8');
      const runs = [...tests.matchAll(/^run "/gm)].length;
      expect(runs, 'deploy/terraform/tests/plan.tftest.hcl should hold run blocks').toBeGreaterThan(0);
      await terraformIn(work, 'init', '-backend=false');
      const out = await terraformIn(work, 'test');
      expect(out).toContain(`Success! ${runs} passed, 0 failed.`);
    },
    TIMEOUT_MS,
  );
});
