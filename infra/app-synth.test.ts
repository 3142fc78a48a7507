// The CDK app as `cdk synth` runs it (`node infra/app.ts` with CDK_OUTDIR and CDK_CONTEXT_JSON, what
// the CLI sets), once with the defaults and once with every option: cdk-nag's AwsSolutions report
// has no finding left, every acknowledgement is used and has a reason, and cfn-lint passes every
// template without errors or warnings.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test/support/paths.ts';
import { runTool, ToolError } from '../test/harness/run-tool.ts';
import { CFN_LINT } from '../test/harness/setup-moto.ts';
import { MEMBER_STACK_NAME, SCANNER_STACK_NAME } from './scanner-app.ts';

const APP = join(REPO_ROOT, 'infra', 'app.ts');

const VARIANTS: Record<string, Record<string, string>> = {
  defaults: {},
  'every option': {
    account: '999988887777',
    region: 'eu-west-1',
    fleetConfig: JSON.stringify({
      accounts: [
        { roleArn: 'arn:aws:iam::111122223333:role/psa-fleet-scanner-member', externalId: 'fleet-ext-id', regions: ['eu-west-1', 'eu-central-1'] },
        { regions: ['eu-west-1'] },
      ],
      optOutTag: { key: 'psa/opt-out', value: 'yes' },
    }),
    scheduleCron: 'cron(15 3 ? * SUN *)',
    scheduleTimeZone: 'America/New_York',
    objectLockMode: 'COMPLIANCE',
    objectLockDays: '2555',
    alertEmail: 'oncall@example.com',
    opsEmail: 'platform@example.com',
    maxConcurrentScans: '50',
    maxReceiveCount: '4',
    logRetentionDays: '365',
    tracing: 'true',
    snapshotPrefix: 'psa/',
    fleetPolicyKey: 'config/fleet-policy.yaml',
    scannerAccountId: '999988887777',
    memberClusters: 'prod-a,prod-b',
    memberCreateRole: 'false',
  },
};

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs: ReadonlyArray<{ readonly constructPath: string }>;
  readonly acknowledgedId?: string;
  readonly acknowledgedAt?: string;
  readonly reason?: string;
}

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{ readonly pluginName: string; readonly conclusion: string; readonly violations: Violation[]; readonly suppressedViolations?: Violation[] }>;
}

interface Synthesized {
  readonly outdir: string;
  /** The app's exit when it failed (cdk-nag findings fail the synth; the report is written first). */
  readonly failure: ToolError | undefined;
}

async function synth(context: Record<string, string>): Promise<Synthesized> {
  const outdir = await mkdtemp(join(tmpdir(), 'psa-cdk-synth-'));
  try {
    await runTool(process.execPath, [APP], { cwd: REPO_ROOT, env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) } });
    return { outdir, failure: undefined };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return { outdir, failure: error };
  }
}

async function json<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** Every acknowledgement the constructs carry: `path id`. */
async function acknowledgements(outdir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of (await readdir(outdir)).filter((f) => f.endsWith('.metadata.json'))) {
    const metadata = await json<Record<string, Array<{ type: string; data: Record<string, string> }>>>(join(outdir, file));
    for (const [path, entries] of Object.entries(metadata)) {
      for (const entry of entries.filter((e) => e.type === 'aws:cdk:acknowledged-rules')) {
        for (const id of Object.keys(entry.data)) found.push(`${path.replace(/^\//, '')} ${id}`);
      }
    }
  }
  return found.sort();
}

// Each variant is synthesized once, when its first test asks: a synth that fails fails every test
// of the variant with its output (a failed beforeAll would leave them skipped).
const synthesized = new Map<string, Promise<Synthesized>>();
function synthesizedOnce(variant: string): Promise<Synthesized> {
  let pending = synthesized.get(variant);
  if (pending === undefined) {
    pending = synth(VARIANTS[variant] ?? {});
    synthesized.set(variant, pending);
  }
  return pending;
}
afterAll(async () => {
  for (const pending of synthesized.values()) await rm((await pending).outdir, { recursive: true, force: true });
});

describe.each(Object.keys(VARIANTS))('cdk synth with %s', (variant) => {
  let outdir = '';
  beforeEach(async () => {
    outdir = (await synthesizedOnce(variant)).outdir;
  }, 120_000);

  it('succeeds and writes both stacks', async () => {
    const { failure } = await synthesizedOnce(variant);
    expect(failure?.message, 'node infra/app.ts failed').toBeUndefined();
    const files = await readdir(outdir);
    expect(files).toEqual(expect.arrayContaining([`${SCANNER_STACK_NAME}.template.json`, `${MEMBER_STACK_NAME}.template.json`]));
  });

  it('leaves no cdk-nag AwsSolutions finding unacknowledged', async () => {
    const report = await json<ValidationReport>(join(outdir, 'validation-report.json'));
    expect(report.pluginReports.map((p) => p.pluginName)).toEqual(['AwsSolutions']);
    for (const plugin of report.pluginReports) {
      const open = plugin.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`);
      expect(open, 'unacknowledged findings').toEqual([]);
      expect(plugin.conclusion).toBe('success');
    }
  });

  it('has a reason for every acknowledgement, and no acknowledgement that matches no finding', async () => {
    const report = await json<ValidationReport>(join(outdir, 'validation-report.json'));
    const suppressed = report.pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    for (const s of suppressed) expect(s.reason?.length ?? 0, `${s.ruleName}: reason`).toBeGreaterThan(40);
    const used = new Set(suppressed.map((s) => `${s.acknowledgedAt} ${s.acknowledgedId}`));
    expect((await acknowledgements(outdir)).filter((a) => !used.has(a)), 'acknowledgements without a finding').toEqual([]);
    expect(used.size).toBeGreaterThan(0);
  });

  it('passes cfn-lint on every template, without errors or warnings', async () => {
    expect(existsSync(CFN_LINT), `${CFN_LINT} is missing: run \`npm run setup\``).toBe(true);
    const templates = (await readdir(outdir)).filter((f) => f.endsWith('.template.json')).map((f) => join(outdir, f));
    expect(templates).toHaveLength(2);
    try {
      await runTool(CFN_LINT, ['--format', 'parseable', ...templates]);
    } catch (error) {
      if (!(error instanceof ToolError) || error.exitCode === undefined) throw error;
      // Exit code bits: 2 error, 4 warning, 8 informational; informational findings pass.
      expect(error.exitCode & 0b0111, `cfn-lint (exit ${error.exitCode}):\n${error.stdout}${error.stderr}`).toBe(0);
    }
  });
});

describe('cdk synth with a setting that cannot work', () => {
  it('fails before building anything, naming the context key and why', async () => {
    const attempt = runTool(process.execPath, [APP], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_OUTDIR: join(tmpdir(), 'psa-cdk-synth-refused'), CDK_CONTEXT_JSON: JSON.stringify({ maxConcurrentScans: '1', tracing: 'yes', scheduleTimeZone: 'Mars/Olympus' }) },
    });
    await expect(attempt).rejects.toThrow(ToolError);
    const error = (await attempt.catch((e: unknown) => e)) as ToolError;
    expect(error.exitCode).toBe(1);
    expect(error.stderr).toContain('context tracing: must be true or false (got "yes")');
    expect(error.stderr).not.toContain('Bundling');
  });

  it('names every problem of the settings at once', async () => {
    const attempt = runTool(process.execPath, [APP], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_OUTDIR: join(tmpdir(), 'psa-cdk-synth-refused'), CDK_CONTEXT_JSON: JSON.stringify({ maxConcurrentScans: '1', scheduleTimeZone: 'Mars/Olympus', fleetConfig: '{"accounts":[{"regions":["mars-1"]}]}' }) },
    });
    const error = (await attempt.catch((e: unknown) => e)) as ToolError;
    expect(error.exitCode).toBe(1);
    expect(error.stderr).toContain('maxConcurrentScans: Too small: expected number to be >=2');
    expect(error.stderr).toContain('scheduleTimeZone: must be an IANA time zone name');
    expect(error.stderr).toContain('fleetConfig: accounts[0].regions[0]: must be an AWS region such as eu-west-1');
  });
});
