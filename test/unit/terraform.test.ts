// Offline contract checks for deploy/terraform (no terraform binary, no provider, no network;
// see test/support/terraform.ts). The container definition is built from `locals` in HCL, so the
// test can read its environment and secrets; expressions are resolved through locals and
// variable defaults where that is what the question needs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allStrings, asArray, body, EXAMPLE_DIR, isObj, type Json, Module, MODULE_DIR, type Obj, parseDir, ROOT } from '../support/terraform.js';
import { SHUTDOWN_WORST_CASE_MS } from '../../src/shutdown-step.js';

/** Legal Fargate task sizes (CPU units → MiB) that the module allows, from the AWS documentation. */
const FARGATE_SIZES: Record<string, number[]> = {
  '256': [512, 1024, 2048],
  '512': steps(1024, 4096, 1024),
  '1024': steps(2048, 8192, 1024),
  '2048': steps(4096, 16384, 1024),
  '4096': steps(8192, 30720, 1024),
};

/** Environment variables the app knows but that a production deployment deliberately leaves unset. */
const NOT_DEPLOYED: Record<string, string> = {
  CONTENT_DIR: 'the image bundles the course content',
  DISCORD_API_URL: 'a REST proxy for tests',
  SLACK_API_URL: 'a Web API proxy for tests and GovSlack',
  TEST_CLOCK: 'end-to-end tests only; refused with NODE_ENV=production',
  RATE_LIMIT_BURST: 'the default fits; extra_environment can tune it',
  RATE_LIMIT_PER_MINUTE: 'the default fits; extra_environment can tune it',
  STUDYBOT_PGLITE_TEMPLATE: 'the embedded database only; the service runs on RDS (DATABASE_URL)',
  IMAGES: 'the default (cards on) fits; extra_environment can turn them off',
};

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|DATABASE_URL/;
const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const TOKEN_LOOKING = [
  { what: 'a Slack token', re: /xox[abposre]-[A-Za-z0-9-]{8,}/ },
  { what: 'a Slack app-level token', re: /xapp-\d-[A-Za-z0-9-]{8,}/ },
  { what: 'a Discord bot token', re: /[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/ },
  // A password in a URL, unless it is an obvious placeholder (PASSWORD, <password>, ${...}).
  { what: 'a database URL with a password', re: /postgres(?:ql)?:\/\/[^:/\s]+:(?![A-Z_]+@|<[^>]*>@|\$\{[^}]*\}@)[^@\s]+@/ },
  { what: 'an AWS access key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** The top-level keys of the zod object in src/config.ts: every environment variable the app reads. */
function appEnvironmentVariables(): string[] {
  const source = readFileSync(path.join(ROOT, 'src/config.ts'), 'utf8');
  const schema = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source);
  expect(schema, 'could not find `const envSchema = z.object({ ... });` in src/config.ts: update this test to the new shape').not.toBeNull();
  return [...schema![1]!.matchAll(/^ {2}([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]!);
}

/** Evaluates `[a, b, ...]` or `range(from, limit, step)` from the memory validation rule. */
function evaluateMemoryList(expr: string): number[] {
  const range = /^range\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(expr);
  if (range) {
    const [from, limit, step] = range.slice(1).map(Number) as [number, number, number];
    return steps(from, limit - 1, step);
  }
  return [...expr.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

let mod: Module;
let example: Module;
let container: Obj;
let environment: Map<string, Json>;
let secrets: Map<string, Json>;
let appVariables: string[];

beforeAll(async () => {
  mod = new Module(await parseDir(MODULE_DIR, /\.tf$/));
  example = new Module(await parseDir(EXAMPLE_DIR, /\.tf$/));
  appVariables = appEnvironmentVariables();

  const taskDefinition = mod.get('aws_ecs_task_definition.this');
  const ref = /^\$\{jsonencode\(\[\s*local\.(\w+)\s*\]\)\}$/.exec(String(taskDefinition.container_definitions));
  expect(ref, 'container_definitions must be jsonencode([local.<name>]) so its contents can be checked here').not.toBeNull();
  const definition = mod.locals[ref![1]!];
  expect(isObj(definition), `local.${ref![1]} (the container definition) must be an object literal`).toBe(true);
  container = definition as Obj;
  environment = mod.namesIn(container.environment);
  secrets = mod.namesIn(container.secrets);
});

describe('GIVEN the container deploy/terraform defines and the configuration the app needs', () => {
  it('THEN the app variable names are read from src/config.ts', () => {
    expect(appVariables, 'the regex over src/config.ts found too few variables: update the test').toEqual(
      expect.arrayContaining(['DATABASE_URL', 'DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'NODE_ENV']),
    );
  });

  it('THEN the container sets NODE_ENV=production and PORT=8080 as plain environment values', () => {
    expect(environment.get('NODE_ENV'), 'the container environment must set NODE_ENV to "production"').toBe('production');
    const port = environment.get('PORT');
    const portValue = typeof port === 'string' && /local\.container_port/.test(port) ? mod.locals.container_port : port;
    expect(String(portValue), 'the container environment must set PORT to 8080 (the port the health checks use)').toBe('8080');
    for (const name of ['LOG_LEVEL', 'DATA_DIR', 'DISCORD_GUILD_ID', 'SLACK_ADMIN_USER_IDS', 'QUIZ_TICK_SECONDS']) {
      expect(environment.has(name), `the container environment does not provide ${name}`).toBe(true);
    }
  });

  it("THEN Node's heap is sized from the task memory (NODE_OPTIONS), so memory stays bounded on the smallest task", () => {
    const options = String(environment.get('NODE_OPTIONS'));
    expect(options, 'the container environment must set NODE_OPTIONS=--max-old-space-size=<half the task memory> --max-semi-space-size=8').toMatch(
      /^--max-old-space-size=\$\{floor\(var\.memory \/ 2\)\} --max-semi-space-size=8$/,
    );
  });

  it('THEN glibc maps large blocks at a fixed threshold, as the image does, so freed ones go back to the system', () => {
    expect(environment.get('MALLOC_MMAP_THRESHOLD_'), 'the container environment must set MALLOC_MMAP_THRESHOLD_=131072').toBe('131072');
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile, 'the image must set MALLOC_MMAP_THRESHOLD_=131072 too (docker run without Terraform)').toMatch(/^\s*MALLOC_MMAP_THRESHOLD_=131072\b/m);
  });

  it('THEN every secret the app reads (DATABASE_URL and the platform tokens) is provided through Secrets Manager', () => {
    const secretVariables = appVariables.filter((name) => SECRET_NAME.test(name));
    expect(secretVariables.sort(), 'src/config.ts has a new secret-like variable: add it to the container `secrets` and to this list').toEqual([
      'DATABASE_URL',
      'DISCORD_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]);
    for (const name of secretVariables) {
      expect(secrets.has(name), `${name} is not among the container's secrets: the bot could not read it on ECS`).toBe(true);
      const source = secrets.get(name);
      expect(
        typeof source === 'string' && /^\$\{(var|local)\.\w+\}$/.test(source),
        `the secret ${name} must come from a variable or local holding a Secrets Manager ARN, found ${JSON.stringify(source)}`,
      ).toBe(true);
    }
    const secretsExpr = String(container.secrets);
    const secretsLocal = /local\.(\w+)/.exec(secretsExpr)?.[1];
    expect(
      String(secretsLocal ? mod.locals[secretsLocal] : secretsExpr),
      'container secrets must be { name, valueFrom } entries (valueFrom = the secret ARN)',
    ).toMatch(/valueFrom\s*=/);
  });

  it('THEN a secret-like variable is never put in the plain environment', () => {
    for (const name of environment.keys()) {
      expect(SECRET_NAME.test(name), `${name} is in the container's plain environment: secrets must come from Secrets Manager`).toBe(false);
    }
    const extra = mod.variables.extra_environment;
    if (extra) {
      const rules = allStrings(extra.validation).join('\n');
      for (const word of ['TOKEN', 'SECRET', 'DATABASE_URL']) {
        expect(rules, `variable extra_environment must have a validation rejecting names containing ${word}`).toContain(word);
      }
    }
  });

  it('THEN the container only sets variables the app knows, and every one the app knows is decided about', () => {
    for (const name of [...environment.keys(), ...secrets.keys()].filter((n) => !READ_BY_NODE.has(n))) {
      expect(appVariables, `the container sets ${name}, which src/config.ts does not read (a typo?)`).toContain(name);
    }
    for (const name of appVariables) {
      const decided = environment.has(name) || secrets.has(name) || name in NOT_DEPLOYED;
      expect(decided, `src/config.ts reads ${name}, but the deployment neither sets it nor lists it in NOT_DEPLOYED with a reason`).toBe(true);
    }
  });
});

/** Settings for the runtime itself (Node, and glibc's allocator), not for src/config.ts. */
const READ_BY_NODE = new Set(['NODE_OPTIONS', 'MALLOC_MMAP_THRESHOLD_']);

describe('GIVEN Discord interactions over HTTP in deploy/terraform', () => {
  it("THEN DISCORD_PUBLIC_KEY is plain environment from var.discord_public_key (a public key, never a secret), validated as the app's 64 hex digits", () => {
    expect(environment.get('DISCORD_PUBLIC_KEY'), 'the container environment must set DISCORD_PUBLIC_KEY from var.discord_public_key').toBe(
      '${var.discord_public_key}',
    );
    expect(secrets.has('DISCORD_PUBLIC_KEY'), 'the public key verifies signatures only: plain environment, not a Secrets Manager secret').toBe(false);
    expect(mod.variables.discord_public_key?.default, 'discord_public_key must default to null (the gateway only)').toBeNull();
    expect(allStrings(mod.variables.discord_public_key?.validation).join(' '), 'discord_public_key must be validated as 64 hex digits').toContain(
      '^[0-9a-fA-F]{64}$',
    );
  });

  it('THEN DISCORD_GATEWAY is "on" or "off" from var.discord_gateway, and unset (the app\'s default) when it is null', () => {
    expect(String(environment.get('DISCORD_GATEWAY')).replace(/\s+/g, ' '), 'DISCORD_GATEWAY must be null, "on" or "off" from var.discord_gateway').toBe(
      '${var.discord_gateway == null ? null : (var.discord_gateway ? "on" : "off")}',
    );
    expect(mod.variables.discord_gateway?.type, 'discord_gateway must be a bool').toBe('${bool}');
    expect(mod.variables.discord_gateway?.default, 'discord_gateway must default to null (the app decides)').toBeNull();
  });

  it('THEN the load balancer exists with Slack HTTP mode or a Discord public key, and forwards only POST /slack/events and POST /discord/interactions', () => {
    expect(String(mod.locals.load_balancer).replace(/\s+/g, ' '), 'local.load_balancer decides whether the load balancer exists').toBe(
      '${var.slack_http_mode || var.discord_public_key != null}',
    );
    for (const key of [
      'aws_lb.this',
      'aws_lb_target_group.this',
      'aws_lb_listener.https',
      'aws_security_group.alb',
      'aws_vpc_security_group_egress_rule.alb_to_service',
      'aws_vpc_security_group_ingress_rule.service_from_alb',
    ]) {
      expect(mod.get(key).count, `${key} must exist exactly when the load balancer does`).toBe('${local.load_balancer ? 1 : 0}');
    }
    const listener = mod.get('aws_lb_listener.https');
    expect(body(body(listener.default_action).fixed_response).status_code, 'anything but the platform paths must be a 404 from the load balancer').toBe('404');

    const source = readFileSync(path.join(ROOT, 'src/platforms/discord/http-interactions.ts'), 'utf8');
    const discordPath = /export const DISCORD_INTERACTIONS_PATH = '([^']+)'/.exec(source)?.[1];
    expect(discordPath, 'DISCORD_INTERACTIONS_PATH not found in src/platforms/discord/http-interactions.ts: update this test').toBeDefined();
    const expected: Record<string, [string, string]> = {
      'aws_lb_listener_rule.slack_events': ['/slack/events', '${var.slack_http_mode ? 1 : 0}'],
      'aws_lb_listener_rule.discord_interactions': [discordPath!, '${var.discord_public_key != null ? 1 : 0}'],
    };
    expect(
      mod
        .ofType('aws_lb_listener_rule')
        .map(([key]) => key)
        .sort(),
      'the listener must have one rule per platform path, no other',
    ).toEqual(Object.keys(expected).sort());
    const priorities = new Set<Json | undefined>();
    for (const [key, [route, count]] of Object.entries(expected)) {
      const rule = mod.get(key);
      expect(rule.count, `${key} must exist only with its platform`).toBe(count);
      expect(body(rule.action).type, `${key} must forward to the tasks`).toBe('forward');
      const conditions = asArray(rule.condition).filter(isObj);
      const paths = conditions.flatMap((c) =>
        asArray(c.path_pattern)
          .filter(isObj)
          .flatMap((p) => asArray(p.values)),
      );
      const methods = conditions.flatMap((c) =>
        asArray(c.http_request_method)
          .filter(isObj)
          .flatMap((m) => asArray(m.values)),
      );
      expect([paths, methods], `${key} must forward POST ${route} and nothing else`).toEqual([[route], ['POST']]);
      priorities.add(rule.priority);
    }
    expect(priorities.size, 'each listener rule needs its own priority').toBe(Object.keys(expected).length);
    expect(asArray(mod.one('aws_ecs_service').depends_on), 'the service must wait for both listener rules').toEqual(
      expect.arrayContaining(Object.keys(expected).map((key) => `\${${key}}`)),
    );
  });

  it('THEN autoscaling runs the service between desired_count and max_count, and is refused where extra replicas would only be gateway standbys', () => {
    const target = mod.get('aws_appautoscaling_target.service');
    expect([target.count, target.min_capacity, target.max_capacity], 'autoscaling only with max_count, from desired_count to max_count').toEqual([
      '${var.max_count != null ? 1 : 0}',
      '${var.desired_count}',
      '${var.max_count}',
    ]);
    expect(target.scalable_dimension).toBe('ecs:service:DesiredCount');
    expect(mod.variables.max_count?.default, 'max_count must default to null (no autoscaling)').toBeNull();
    const preconditions = asArray(body(mod.get('aws_ecs_task_definition.this').lifecycle).precondition).filter(isObj);
    const standbys = preconditions.find((p) => /var\.max_count/.test(String(p.condition)) && /var\.discord_public_key/.test(String(p.condition)));
    expect(standbys, 'a precondition must refuse max_count with Discord over the gateway only (no discord_public_key)').toBeDefined();
    expect(String(standbys!.error_message), 'the message must say why: the extra replicas would be standbys').toMatch(/standby/);
  });
});

describe('GIVEN the task size in deploy/terraform', () => {
  it('THEN it defaults to a legal Fargate pair, 256 CPU units and 512 MiB', () => {
    const cpu = mod.variables.cpu?.default;
    const memory = mod.variables.memory?.default;
    expect([cpu, memory], 'cpu/memory defaults should be 256/512').toEqual([256, 512]);
    expect(FARGATE_SIZES[String(cpu)] ?? [], `the default memory ${String(memory)} MiB is not legal with cpu ${String(cpu)} on Fargate`).toContain(memory);
  });

  it('WHEN a cpu is chosen THEN memory is validated against its legal pairs, and illegal ones are rejected', () => {
    const cpuRule = allStrings(mod.variables.cpu?.validation).find((s) => s.includes('var.cpu')) ?? '';
    const cpuValues = [...(/contains\(\[([^\]]*)\]/.exec(cpuRule)?.[1] ?? '').matchAll(/\d+/g)].map((m) => m[0]);
    expect(cpuValues.sort(), 'the cpu validation must accept exactly the CPU sizes of the Fargate table').toEqual(Object.keys(FARGATE_SIZES).sort());

    const memoryRule = allStrings(mod.variables.memory?.validation).find((s) => s.includes('var.memory')) ?? '';
    expect(memoryRule, 'the memory validation must depend on var.cpu (a cross-variable rule)').toContain('var.cpu');
    const table: Record<string, number[]> = {};
    for (const m of memoryRule.matchAll(/"(\d+)"\s*=\s*(\[[^\]]*\]|range\([^)]*\))/g)) table[m[1]!] = evaluateMemoryList(m[2]!);
    expect(table, 'the memory validation table differs from the documented Fargate sizes').toEqual(FARGATE_SIZES);
    expect(table['256'], 'cpu 256 with 4096 MiB is illegal on Fargate and must be rejected').not.toContain(4096);
    expect(table['1024'], 'cpu 1024 with 1024 MiB is illegal on Fargate and must be rejected').not.toContain(1024);
    expect(table['512'], 'cpu 512 with 1536 MiB is illegal on Fargate and must be rejected').not.toContain(1536);
  });

  it('THEN the task definition is sized from the variables', () => {
    const td = mod.get('aws_ecs_task_definition.this');
    expect([td.cpu, td.memory], 'the task definition must take cpu and memory from var.cpu and var.memory').toEqual(['${var.cpu}', '${var.memory}']);
  });
});

describe('GIVEN the IAM policies of deploy/terraform (least privilege)', () => {
  function statements(): Array<{ where: string; statement: Obj; dynamicForEach?: string }> {
    const out: Array<{ where: string; statement: Obj; dynamicForEach?: string }> = [];
    for (const [key, doc] of mod.data) {
      if (!key.startsWith('aws_iam_policy_document.')) continue;
      for (const s of asArray(doc.statement)) if (isObj(s)) out.push({ where: key, statement: s });
      const dyn = body(isObj(doc.dynamic) ? doc.dynamic.statement : undefined);
      for (const s of asArray(dyn.content)) if (isObj(s)) out.push({ where: `${key} (dynamic)`, statement: s, dynamicForEach: String(dyn.for_each) });
    }
    return out;
  }

  it('THEN they never allow the action "*" or "service:*"', () => {
    const all = statements();
    expect(all.length, 'no aws_iam_policy_document statements found: the execution role must have a policy').toBeGreaterThan(0);
    for (const { where, statement } of all) {
      expect(statement.not_actions, `${where} uses not_actions, which grants everything else`).toBeUndefined();
      for (const action of asArray(statement.actions)) {
        expect(String(action), `${where} allows the wildcard action ${String(action)}`).not.toMatch(/^\*$|^[a-z0-9-]+:\*$/);
      }
    }
    // Policies written with jsonencode instead of a policy document.
    for (const [key, resource] of [...mod.resources, ...mod.data]) {
      for (const s of allStrings(resource)) {
        if (!/jsonencode/.test(s) || !/Action/.test(s)) continue;
        expect(s, `${key} has a jsonencode policy with a wildcard action`).not.toMatch(/"\*"|"[a-z0-9-]+:\*"/);
      }
    }
  });

  it('THEN they use the resource "*" only where IAM allows nothing narrower (ecr:GetAuthorizationToken)', () => {
    for (const { where, statement } of statements()) {
      if (!asArray(statement.resources).includes('*')) continue;
      expect(statement.actions, `${where} grants an action on every resource; only ecr:GetAuthorizationToken needs that`).toEqual([
        'ecr:GetAuthorizationToken',
      ]);
    }
  });

  it("THEN the bot's execution role may read only the bot's secrets, and decrypt only with the configured key", () => {
    const read = statements().filter(({ statement }) => asArray(statement.actions).includes('secretsmanager:GetSecretValue'));
    const bot = read.filter(({ where }) => where === 'aws_iam_policy_document.execution');
    expect(bot.length, "the bot's execution role needs one secretsmanager:GetSecretValue statement for the container secrets").toBe(1);
    expect(
      String(bot[0]!.statement.resources),
      'secretsmanager:GetSecretValue must be limited to the ARNs of the container secrets (local.secret_arns)',
    ).toMatch(/local\.secret_arns/);
    for (const { where, statement } of read.filter((r) => r !== bot[0])) {
      expect(where, 'only the database setup task may read a secret besides the bot').toBe('aws_iam_policy_document.database_setup');
      const resources = asArray(statement.resources).map(String);
      expect(resources.length, `${where} may read the master password and DATABASE_URL, nothing else`).toBe(2);
      expect(resources.join(' '), `${where} may read the master password and DATABASE_URL, nothing else`).toMatch(
        /master_user_secret.*local\.database_url_secret_arn|local\.database_url_secret_arn.*master_user_secret/,
      );
    }
    expect(
      allStrings(mod.data.get('aws_iam_policy_document.execution')).join(' '),
      "the bot's execution role must never read the database master password",
    ).not.toMatch(/master_user_secret/);
    for (const { where, statement, dynamicForEach } of statements()) {
      if (!asArray(statement.actions).some((a) => String(a).startsWith('kms:'))) continue;
      expect(dynamicForEach ?? '', `${where} grants KMS permissions even when no KMS key variable is set`).toMatch(/var\.secrets_kms_key_arn/);
      expect(statement.actions, `${where} may only decrypt`).toEqual(['kms:Decrypt']);
    }
  });

  it("THEN the task role (the bot's own credentials) has no permissions", () => {
    const td = mod.get('aws_ecs_task_definition.this');
    const taskRole = /aws_iam_role\.(\w+)\.arn/.exec(String(td.task_role_arn))?.[1];
    expect(taskRole, 'the task definition should use a dedicated task role').toBeDefined();
    expect(taskRole, 'the task role must not be the execution role').not.toBe(/aws_iam_role\.(\w+)\.arn/.exec(String(td.execution_role_arn))?.[1]);
    for (const type of [
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_iam_role_policies_exclusive',
      'aws_iam_role_policy_attachments_exclusive',
    ]) {
      for (const [key, attachment] of mod.ofType(type)) {
        expect(String(attachment.role ?? attachment.role_name), `${key} gives the task role permissions it does not need`).not.toContain(
          `aws_iam_role.${taskRole}.`,
        );
      }
    }
  });
});

describe('GIVEN the logs, service and container of deploy/terraform', () => {
  it('THEN logs are kept for a limited, CloudWatch-accepted number of days', () => {
    const groups = mod.ofType('aws_cloudwatch_log_group');
    expect(groups.length, 'the module should declare a CloudWatch log group').toBeGreaterThan(0);
    for (const [key, group] of groups) {
      const retention = mod.resolve(group.retention_in_days);
      expect(retention, `${key} has no retention_in_days: logs would be kept (and billed) forever`).toBeDefined();
      expect(CLOUDWATCH_RETENTION_DAYS, `${key} retention ${String(retention)} is not a value CloudWatch accepts`).toContain(retention);
    }
    expect(mod.variables.log_retention_days?.validation, 'log_retention_days needs a validation block').toBeDefined();
  });

  it('WHEN a deployment fails THEN it is rolled back, and the public IP is an explicit choice', () => {
    const service = mod.one('aws_ecs_service');
    const breaker = body(service.deployment_circuit_breaker);
    expect(breaker.enable, 'the ECS service must enable the deployment circuit breaker').toBe(true);
    expect(breaker.rollback, 'the deployment circuit breaker must roll back a failed deployment').toBe(true);
    expect(
      body(service.network_configuration).assign_public_ip,
      'the public IP must follow var.assign_public_ip (public subnets need it, private ones a NAT)',
    ).toBe('${var.assign_public_ip}');
    const choice = mod.variables.assign_public_ip;
    expect(choice?.type, 'assign_public_ip must be a bool').toBe('${bool}');
    expect(choice && 'default' in choice, 'assign_public_ip must have no default: each value fails silently in the other kind of subnet').toBe(false);
    expect(service.deployment_minimum_healthy_percent, 'a rolling deploy must keep the old task until the new one is healthy (100%)').toBe(100);
    expect(service.deployment_maximum_percent, 'a rolling deploy needs room for the new tasks (200%)').toBe(200);
    expect(service.enable_execute_command, 'ECS Exec must stay disabled').toBe(false);
  });

  it('THEN the container is health-checked on /healthz, runs an init process, and targets Fargate, ARM64 by default', () => {
    const health = isObj(container.healthCheck) ? container.healthCheck : {};
    const command = asArray(health.command).map(String);
    expect(command[0], 'the health check command must start with CMD or CMD-SHELL').toMatch(/^CMD(-SHELL)?$/);
    expect(command.join(' '), 'the container health check must call /healthz on the container itself').toMatch(
      /(127\.0\.0\.1|localhost):(8080|\$\{local\.container_port\})\/healthz/,
    );
    expect(command.join(' '), 'the health check must not need curl or wget (absent from a slim Node image)').not.toMatch(/\b(curl|wget)\b/);
    expect(
      isObj(container.linuxParameters) && container.linuxParameters.initProcessEnabled,
      'linuxParameters.initProcessEnabled must be true so SIGTERM reaches node',
    ).toBe(true);
    expect(
      Number(container.stopTimeout),
      `stopTimeout must leave the app its worst-case shutdown (${SHUTDOWN_WORST_CASE_MS} ms), within ECS's 120 s limit`,
    ).toSatisfy((n: number) => n * 1000 > SHUTDOWN_WORST_CASE_MS && n <= 120);

    const td = mod.get('aws_ecs_task_definition.this');
    const platform = body(td.runtime_platform);
    expect(platform.cpu_architecture, 'runtime_platform.cpu_architecture must follow var.architecture').toBe('${var.architecture}');
    expect(mod.variables.architecture?.default, 'the default architecture must be ARM64 (Graviton, the cheaper one)').toBe('ARM64');
    expect(allStrings(mod.variables.architecture?.validation).join(' '), 'architecture must be validated to ARM64 or X86_64').toMatch(
      /contains\(\["ARM64", "X86_64"\], var\.architecture\)/,
    );
    expect(platform.operating_system_family, 'runtime_platform.operating_system_family must be LINUX').toBe('LINUX');
    expect(td.requires_compatibilities, 'the task definition must require FARGATE').toEqual(['FARGATE']);
    expect(td.network_mode, 'Fargate needs network_mode = "awsvpc"').toBe('awsvpc');

    const port = asArray(container.portMappings).filter(isObj)[0];
    expect(mod.resolve(port?.containerPort), 'the container must map port 8080').toBe(8080);
  });

  it('THEN the container runs with a read-only root filesystem and a writable DATA_DIR mount', () => {
    expect(container.readonlyRootFilesystem, 'readonlyRootFilesystem should be true').toBe(true);
    const dataDir = mod.resolve(environment.get('DATA_DIR'));
    const mounts = asArray(container.mountPoints)
      .filter(isObj)
      .map((m) => mod.resolve(m.containerPath));
    expect(mounts, `DATA_DIR (${String(dataDir)}) must be a mounted volume when the root filesystem is read-only`).toContain(dataDir);
  });
});

describe('GIVEN the secrets a deployment with deploy/terraform needs', () => {
  it('THEN no token, password or key is in plain text in any .tf, tfvars or backend example', async () => {
    const extras = [...(await parseDir(EXAMPLE_DIR, /\.(tfvars|hcl)\.example$/)), ...mod.files, ...example.files];
    for (const { file, doc } of extras) {
      for (const s of allStrings(doc)) {
        for (const { what, re } of TOKEN_LOOKING) expect(s, `${file} contains what looks like ${what}`).not.toMatch(re);
      }
    }
  });

  it('THEN secrets are taken only as Secrets Manager ARNs, never as values', () => {
    for (const [name, variable] of Object.entries({ ...mod.variables, ...example.variables })) {
      if (!/token|secret|password|database_url/i.test(name)) continue;
      expect(name, `variable ${name} looks like it takes a secret value: take the ARN of a Secrets Manager secret instead (name it *_arn)`).toMatch(/_arn$/);
      expect(variable.default ?? null, `variable ${name} must not have a default value`).toBeNull();
    }
    expect(mod.ofType('aws_secretsmanager_secret_version'), 'a secret value in Terraform would be stored in plain text in the state').toEqual([]);
    for (const [key, db] of mod.ofType('aws_db_instance')) {
      expect(db.password, `${key} sets a password in Terraform (it would be in the state): use manage_master_user_password`).toBeUndefined();
    }
  });
});

describe('GIVEN the optional database of deploy/terraform', () => {
  it('THEN it is encrypted, private, protected from deletion, with an RDS-managed master password and TLS required', () => {
    const instances = mod.ofType('aws_db_instance');
    for (const [key, db] of instances) {
      expect(db.storage_encrypted, `${key} must be encrypted at rest (storage_encrypted = true)`).toBe(true);
      expect(db.publicly_accessible, `${key} must not be publicly accessible`).toBe(false);
      const protection = mod.resolve(db.deletion_protection);
      expect(protection, `${key} must have deletion protection on (directly or through a variable defaulting to true)`).toBe(true);
      expect(db.manage_master_user_password, `${key} must let RDS keep the master password in Secrets Manager (manage_master_user_password = true)`).toBe(true);
      expect(db.engine, `${key} must be PostgreSQL`).toBe('postgres');
      expect(String(mod.resolve(db.engine_version)), `${key} must be PostgreSQL 16`).toMatch(/^16(\.\d+)?$/);
      expect(Number(db.backup_retention_period), `${key} must keep backups for at least 7 days`).toBeGreaterThanOrEqual(7);
    }
    if (instances.length > 0) {
      const forcesSsl = mod
        .ofType('aws_db_parameter_group')
        .some(([, group]) => asArray(group.parameter).some((p) => isObj(p) && p.name === 'rds.force_ssl' && String(p.value) === '1'));
      expect(forcesSsl, 'the database parameter group must set rds.force_ssl = 1').toBe(true);
    }
  });
});

describe('GIVEN the versions, backend and example of deploy/terraform', () => {
  it('THEN Terraform >= 1.10 and the AWS provider ~> 6.0 are required, in the module and the example', () => {
    for (const [where, m] of [
      ['the module', mod],
      ['examples/basic', example],
    ] as const) {
      const t = m.terraform[0] ?? {};
      expect(t.required_version, `${where} must require Terraform >= 1.10`).toBe('>= 1.10');
      const aws = body(t.required_providers).aws;
      expect(isObj(aws) ? [aws.source, aws.version] : [], `${where} must pin hashicorp/aws ~> 6.0`).toEqual(['hashicorp/aws', '~> 6.0']);
    }
  });

  it('THEN state is locked with an S3 lock file, never a DynamoDB table', async () => {
    const backend = body(isObj(example.terraform[0]?.backend) ? example.terraform[0].backend.s3 : undefined);
    expect(example.terraform[0]?.backend, 'examples/basic must declare backend "s3" (a partial configuration)').toBeDefined();
    const [hclExample] = await parseDir(EXAMPLE_DIR, /^backend\.hcl\.example$/);
    expect(hclExample, 'examples/basic/backend.hcl.example is missing').toBeDefined();
    expect(backend.use_lockfile === true || hclExample!.doc.use_lockfile === true, 'the S3 backend must set use_lockfile = true').toBe(true);
    for (const where of [backend, hclExample!.doc]) {
      expect(where.dynamodb_table, 'the S3 backend must not use a DynamoDB lock table (deprecated; use_lockfile replaces it)').toBeUndefined();
    }
    expect([...mod.ofType('aws_dynamodb_table'), ...example.ofType('aws_dynamodb_table')], 'no DynamoDB table is needed for state locking').toEqual([]);
  });

  it('THEN provider configuration stays out of the module, and the example calls it with default_tags', () => {
    expect(mod.providers, 'the module must not configure a provider: the caller does (see examples/basic)').toEqual([]);
    expect(
      mod.terraform.some((t) => t.backend !== undefined),
      'a backend in the module would be ignored: it belongs in the root (examples/basic)',
    ).toBe(false);
    expect(example.modules.studybot?.source, 'examples/basic must call the module with source = "../.."').toBe('../..');
    const provider = example.files.map(({ doc }) => doc.provider).find(isObj);
    const aws = body(provider?.aws);
    expect(body(aws.default_tags).tags, 'the example provider must set default_tags').toBeDefined();
  });

  it('THEN every module input is described', () => {
    for (const [name, variable] of Object.entries(mod.variables)) {
      expect(typeof variable.description === 'string' && variable.description.length > 10, `variable ${name} needs a description`).toBe(true);
    }
  });
});

describe('GIVEN what decides whether the first deployment with deploy/terraform works, and what it costs', () => {
  it('WHEN FARGATE_SPOT is chosen THEN it is allowed only with X86_64, and the error says why', () => {
    const rules = asArray(mod.variables.capacity_provider?.validation).filter(isObj);
    const spot = rules.find((r) => /var\.architecture/.test(String(r.condition)));
    expect(spot, 'capacity_provider needs a validation that reads var.architecture (Fargate Spot runs no ARM64 tasks)').toBeDefined();
    expect(String(spot!.condition).replace(/\s+/g, ' '), 'the rule must be: not FARGATE_SPOT, or X86_64').toMatch(
      /^\$\{var\.capacity_provider != "FARGATE_SPOT" \|\| var\.architecture == "X86_64"\}$/,
    );
    expect(String(spot!.error_message), 'the message must say that Fargate Spot does not run ARM64 tasks').toMatch(/ARM64/);
  });

  it('THEN load balancer targets are checked on /healthz, never on /readyz', () => {
    for (const [key, group] of mod.ofType('aws_lb_target_group')) {
      expect(body(group.health_check).path, `${key} must check /healthz: /readyz fails while the database is away, and ECS replaces tasks that fail it`).toBe(
        '/healthz',
      );
    }
    expect(mod.ofType('aws_lb_target_group').length, 'the load balancer (Slack HTTP mode, Discord interactions) needs a target group').toBeGreaterThan(0);
  });

  it('THEN Container Insights stay off unless asked (it is billed)', () => {
    const cluster = mod.one('aws_ecs_cluster');
    const setting = asArray(cluster.setting)
      .filter(isObj)
      .find((x) => x.name === 'containerInsights');
    expect(mod.resolve(setting?.value), 'containerInsights must default to "disabled"').toBe('disabled');
  });

  it('WHEN the capacity provider changes THEN the service is updated in place', () => {
    expect(
      mod.one('aws_ecs_service').force_new_deployment,
      'without force_new_deployment the AWS provider replaces (5.x) or refuses (6.x) a capacity provider change',
    ).toBe(true);
  });

  it('WHEN the database is outside the VPC THEN the tasks can reach it through database_egress_cidrs', () => {
    const rule = mod.get('aws_vpc_security_group_egress_rule.service_postgres_to_cidrs');
    expect(rule.for_each, 'one egress rule per CIDR in var.database_egress_cidrs').toBe('${toset(var.database_egress_cidrs)}');
    expect([rule.from_port, rule.to_port, rule.cidr_ipv4], 'Postgres (5432) to each of those ranges').toEqual([5432, 5432, '${each.value}']);
    expect(mod.variables.database_egress_cidrs?.default, 'no database egress beyond the VPC unless asked').toEqual([]);
  });

  it('THEN a task definition is registered only for an image tag that exists in the repository', () => {
    const lookup = mod.data.get('aws_ecr_image.this');
    expect(lookup, 'an aws_ecr_image data source must look the tag up').toBeDefined();
    expect([lookup!.repository_name, lookup!.image_tag], 'the lookup must use the module repository and var.image_tag').toEqual([
      '${aws_ecr_repository.this.name}',
      '${var.image_tag}',
    ]);
    expect(String(container.image), 'the container image must come through the lookup, so a missing tag stops Terraform first').toMatch(
      /data\.aws_ecr_image\.this\./,
    );
    expect(mod.variables.image_tag && 'default' in mod.variables.image_tag, 'image_tag must have no (placeholder) default').toBe(false);
  });

  it('WHEN the database is destroyed and re-created within a week THEN it works: a prefixed secret name and a dated final snapshot', () => {
    const secret = mod.get('aws_secretsmanager_secret.database_url');
    expect(secret.name, 'a fixed secret name stays taken for its 7-day recovery window').toBeUndefined();
    expect(String(secret.name_prefix), 'the DATABASE_URL secret must be named with a prefix').toMatch(/database-url-/);
    const db = mod.get('aws_db_instance.this');
    expect(String(db.final_snapshot_identifier), 'the final snapshot name must carry a date').toMatch(/timestamp\(\)/);
    expect(
      asArray(body(db.lifecycle).ignore_changes).map(String).join(' '),
      'timestamp() changes on every plan: ignore_changes must keep the name chosen at creation',
    ).toMatch(/final_snapshot_identifier/);
  });

  it("THEN the bot's database role is created with a one-off task that alone may read the master password", () => {
    const setup = mod.get('aws_ecs_task_definition.database_setup');
    expect(setup.count, 'the setup task exists only with the module database').toBe('${var.create_database ? 1 : 0}');
    expect(String(setup.execution_role_arn), "the setup task needs its own execution role, not the bot's").toMatch(/aws_iam_role\.database_setup\[0\]\.arn/);
    expect(setup.task_role_arn, 'the setup task calls no AWS API: no task role').toBeUndefined();
    const definition = String(setup.container_definitions);
    expect(definition, 'the master password must come from the RDS-managed secret, as its "password" key').toMatch(
      /master_user_secret\[0\]\.secret_arn\}:password::/,
    );
    expect(definition, 'the role password must come from the DATABASE_URL secret').toMatch(
      /name\s*=\s*"DATABASE_URL",\s*valueFrom\s*=\s*local\.database_url_secret_arn/,
    );
  });

  it('THEN the non-root user gets a writable DATA_DIR: the Dockerfile declares the mounted path as a volume owned by node', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split('\n');
    const dataDir = String(mod.resolve(environment.get('DATA_DIR')));
    const at = (re: RegExp): number => dockerfile.findIndex((line) => re.test(line));
    const escaped = dataDir.replace(/[/.]/g, '\\$&');
    const chown = at(new RegExp(`chown node:node ${escaped}\\b`));
    const volume = at(new RegExp(`^VOLUME \\["${escaped}"\\]`));
    expect(
      dockerfile.some((line) => line.includes(`DATA_DIR=${dataDir}`)),
      `the Dockerfile's DATA_DIR must be ${dataDir}, the task's mount`,
    ).toBe(true);
    expect(chown, `the Dockerfile must create ${dataDir} owned by node`).toBeGreaterThanOrEqual(0);
    expect(volume, `the Dockerfile must declare VOLUME ["${dataDir}"]: ECS copies its owner onto the bind mount`).toBeGreaterThan(chown);
    expect(volume, 'VOLUME must come before USER node').toBeLessThan(at(/^USER node$/));
  });
});

/** Keys set, or shown commented out, in terraform.tfvars.example. */
function tfvarsExampleKeys(): string[] {
  const text = readFileSync(path.join(EXAMPLE_DIR, 'terraform.tfvars.example'), 'utf8');
  return [...new Set([...text.matchAll(/^#?\s*([a-z][a-z0-9_]*)\s+=/gm)].map((m) => m[1]!))];
}

describe('GIVEN an operator using deploy/terraform/examples/basic', () => {
  it('THEN every module input reaches them: declared with the same type and passed through unchanged', () => {
    const call = example.modules.studybot ?? {};
    const passed = Object.keys(call).filter((k) => !['source', 'version', 'providers', 'depends_on', 'count', 'for_each'].includes(k));
    expect(passed.sort(), 'examples/basic must pass exactly the module inputs (a tfvars key it drops is only a warning in Terraform)').toEqual(
      Object.keys(mod.variables).sort(),
    );
    for (const [name, variable] of Object.entries(mod.variables)) {
      expect(call[name], `examples/basic must pass ${name} = var.${name}`).toBe(`\${var.${name}}`);
      const own = example.variables[name];
      expect(own?.type, `examples/basic must declare variable ${name} with the module's type`).toEqual(variable.type);
      const required = !('default' in variable);
      expect(own && !('default' in own), `examples/basic's ${name} must be required exactly when the module's is`).toBe(required);
      if (!required) expect(own?.default, `examples/basic's ${name} must default to null, so the module's own default applies`).toBeNull();
    }
  });

  it("WHEN they pass a null THEN it turns into the module's default (nullable = false on every input with a default)", () => {
    for (const [name, variable] of Object.entries(mod.variables)) {
      if (variable.default === undefined || variable.default === null) continue;
      expect(variable.nullable, `variable ${name} has a default, so it must be nullable = false (examples/basic passes null for it)`).toBe(false);
    }
  });

  it('THEN every module output reaches them under the same name', () => {
    expect(Object.keys(example.outputs).sort(), 'examples/basic must re-export every module output').toEqual(Object.keys(mod.outputs).sort());
    for (const name of Object.keys(mod.outputs)) {
      expect(example.outputs[name]?.value, `output ${name} must be module.studybot.${name}`).toBe(`\${module.studybot.${name}}`);
    }
  });

  it('THEN every key of terraform.tfvars.example is declared, set or commented out', () => {
    const keys = tfvarsExampleKeys();
    expect(keys, 'the tfvars example should show the common inputs').toEqual(expect.arrayContaining(['image_tag', 'vpc_id', 'subnet_ids', 'assign_public_ip']));
    for (const key of keys)
      expect(Object.keys(example.variables), `terraform.tfvars.example sets ${key}, which examples/basic does not declare`).toContain(key);
  });
});

/** Whether a path is ignored by .gitignore lines (the subset used here: globs without a slash, a trailing / for directories, ! to re-include). */
function ignored(lines: string[], file: string): boolean {
  const segments = file.split('/');
  let result = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = line.replace(/^!/, '');
    const dirOnly = pattern.endsWith('/');
    const glob = new RegExp(
      `^${pattern
        .replace(/\/$/, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')}$`,
    );
    const candidates = dirOnly ? segments.slice(0, -1) : segments;
    if (!pattern.slice(0, -1).includes('/') && candidates.some((s) => glob.test(s))) result = !negate;
  }
  return result;
}

describe('GIVEN the files Terraform and an operator leave in examples/basic', () => {
  const lines = readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n');

  it.each([
    ['deploy/terraform/examples/basic/.terraform/providers/x', 'provider downloads'],
    ['deploy/terraform/examples/basic/terraform.tfstate', 'state (every resource attribute, in plain text)'],
    ['deploy/terraform/examples/basic/terraform.tfstate.backup', 'a state backup'],
    ['deploy/terraform/examples/basic/terraform.tfvars', "an operator's account details"],
    ['deploy/terraform/examples/basic/backend.hcl', "an operator's state bucket"],
    ['deploy/terraform/examples/basic/studybot.tfplan', 'a saved plan (it embeds values)'],
  ])('WHEN it is %s THEN .gitignore keeps it out of git: %s', (file) => {
    expect(ignored(lines, file), `${file} must be in .gitignore`).toBe(true);
  });

  it.each([
    'deploy/terraform/examples/basic/.terraform.lock.hcl',
    'deploy/terraform/examples/basic/terraform.tfvars.example',
    'deploy/terraform/examples/basic/backend.hcl.example',
  ])('WHEN it is %s THEN it stays tracked', (file) => {
    expect(ignored(lines, file), `${file} must stay committable`).toBe(false);
  });
});
