// The pre-upgrade what-if on a real v1.24 apiserver with PodSecurityPolicy, through the CLI as an
// upgrade owner runs it: `psa-scan whatif --to-version v1.37` names exactly the workloads that
// v1.37 would newly reject (a `latest` namespace whose running pods probe a host, a pin to v1.34
// the upgrade makes effective) and the namespaces only PodSecurityPolicy protects; what already
// violates, pins the upgrade leaves alone, and a pin whose checks do not reach the change are not
// reported. The document is stored under whatif/ in a folder store.
//
// Why v1.34 and not v1.30 for the pin: between v1.24 and v1.33 no check gets stricter (v1.25
// relaxes restricted for Windows pods, v1.27 and v1.29 allow more sysctls), so no pod passes at
// v1.24 and fails at v1.30. The first stricter definition after v1.24 is hostProbesAndHostLifecycle
// (v1.34); the v1.35 procMount change needs a pod this server refuses to admit (shown below).
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, PatchStrategy, setHeaderOptions, type V1PodSpec } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../shared/cli/cli-environment.ts';
import { runCli } from '../../shared/cli/run-cli.ts';
import { writeOnceFile as writeNewFile } from '../../shared/notify/write-once-file.ts';
import { KUBERNETES_DEFAULT_POD_SECURITY } from '../../shared/pss/admission/pod-security-configuration.ts';
import { processLockOwner } from '../../shared/store/folder-lock.ts';
import { parseWhatIfJson } from '../../shared/whatif/what-if-json.ts';
import type { UpgradeWhatIf } from '../../shared/whatif/what-if-schema.ts';
import { capturedIo } from '../cli/captured-io.ts';
import type { Servers } from '../harness/servers.ts';
import { eventually, patchNamespaceLabels } from '../integration/support/kube.ts';
import { HOST_PATH_SPEC, RESTRICTED_SPEC, ROOT_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis, createBarePod, createCronJob, createDaemonSet, createDeployment, type AdminApis } from '../support/playbook/workloads.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { admitEveryPodUnchanged, createPodSecurityPolicy, RESTRICTED_MUTATING_PSP } from './support/pod-security-policies.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

const IMAGE = 'registry.k8s.io/pause:3.10';
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Baseline at every version up to v1.33; hostProbesAndHostLifecycle (v1.34) refuses the host. */
const HOST_PROBE_SPEC: V1PodSpec = { containers: [{ name: 'app', image: IMAGE, livenessProbe: { httpGet: { host: '10.0.0.1', port: 8080 } } }] };
/** Restricted at every version up to v1.33; refused from v1.34 for the lifecycle hook's host. */
const RESTRICTED_HOOK_SPEC: V1PodSpec = {
  ...RESTRICTED_SPEC,
  containers: (RESTRICTED_SPEC.containers ?? []).map((c) => ({ ...c, lifecycle: { postStart: { httpGet: { host: '192.0.2.7', port: 9090 } } } })),
};
/** Baseline refuses it at every version (privileged). */
const PRIVILEGED_HOST_PROBE_SPEC: V1PodSpec = {
  containers: [{ name: 'app', image: IMAGE, securityContext: { privileged: true }, livenessProbe: { httpGet: { host: '10.0.0.1', port: 8080 } } }],
};

const FLEET_POLICY = `apiVersion: psa-fleet-scanner/v1
kind: FleetPolicy
clusters:
  - match: {}
    namespaces:
      - match: { names: ["kube-*", "default"] }
        allowPrivileged: true
      - match: { names: ["wi-payments", "wi-logging"] }
        target: { level: restricted, version: latest }
`;

/** Pods first, labels after: what was admitted before a label stays (a cluster labelled after the fact). */
async function populate(apis: AdminApis): Promise<void> {
  const namespaces: Record<string, Record<string, string>> = {
    'wi-latest': { [ENFORCE]: 'baseline' },
    'wi-pinned-134': { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.34' },
    'wi-pinned-130': { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.30' },
    'wi-pinned-124': { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.24' },
    'wi-payments': {},
    'wi-logging': {},
  };
  for (const name of Object.keys(namespaces)) await apis.core.createNamespace({ body: { metadata: { name } } });
  await createDeployment(apis, 'wi-latest', 'probe-api', 2, HOST_PROBE_SPEC);
  await createDeployment(apis, 'wi-latest', 'web', 1, ROOT_SPEC);
  await createCronJob(apis, 'wi-latest', 'nightly-export', { containers: [{ name: 'export', image: IMAGE, lifecycle: { preStop: { httpGet: { host: 'metadata.internal', port: 80 } } } }] }, { suspend: true, runs: 0 });
  await createBarePod(apis, 'wi-latest', 'debug-shell', PRIVILEGED_HOST_PROBE_SPEC);
  await createDeployment(apis, 'wi-pinned-134', 'restricted-hook', 1, RESTRICTED_HOOK_SPEC);
  await createDeployment(apis, 'wi-pinned-130', 'restricted-hook', 1, RESTRICTED_HOOK_SPEC);
  await createDeployment(apis, 'wi-pinned-124', 'probe-api', 1, HOST_PROBE_SPEC);
  await createDeployment(apis, 'wi-payments', 'api', 2, ROOT_SPEC);
  await createDaemonSet(apis, 'wi-logging', 'log-shipper', 2, HOST_PATH_SPEC);
  for (const [name, labels] of Object.entries(namespaces)) {
    if (Object.keys(labels).length > 0) await apis.core.patchNamespace({ name, body: { metadata: { labels } } }, MERGE_PATCH);
  }
}

function environment(): CliEnvironment {
  return { variables: {}, stdoutIsTerminal: false, stderrIsTerminal: false, now: () => new Date(), writeNewFile, scannerVersion: '0.1.0-test', lockOwner: processLockOwner(process, hostname()) };
}

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = capturedIo();
  const status = await runCli(args, captured.io, environment());
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('psa-scan whatif on a v1.24 cluster with PodSecurityPolicy, to v1.37', () => {
  let servers: Servers;
  let work: string;
  let policyFile: string;
  let json: { status: number; stdout: string; stderr: string };
  let text: { status: number; stdout: string; stderr: string };
  let whatIf: UpgradeWhatIf;

  const whatif = (...args: string[]) => run(['whatif', '--kubeconfig', servers.scannerKubeconfig, '--policy', policyFile, ...args]);
  const moving = (name: string) => whatIf.namespaces.find((n) => n.name === name);

  beforeAllOrFailEach(async () => {
    servers = await startKube124Servers({ moto: false, podSecurity: KUBERNETES_DEFAULT_POD_SECURITY });
    const admin = new KubeConfig();
    admin.loadFromFile(servers.adminKubeconfig);
    await admitEveryPodUnchanged(admin);
    await createPodSecurityPolicy(admin, RESTRICTED_MUTATING_PSP);
    const apis = adminApis(servers.adminKubeconfig);
    await populate(apis);
    // PodSecurity reads pods from the apiserver's cache: wait until a dry-run sees the last ones.
    await eventually(
      () => patchNamespaceLabels(apis.core, 'wi-logging', { [ENFORCE]: 'restricted' }, { dryRun: true }),
      (outcome) => outcome.warnings.some((w) => w.startsWith('log-shipper-node0')),
    );
    work = await mkdtemp(join(tmpdir(), 'psa-whatif-124-'));
    policyFile = join(work, 'fleet-policy.yaml');
    await writeFile(policyFile, FLEET_POLICY);
    json = await whatif('--to-version', 'v1.37', '--format', 'json', '--store', join(work, 'store'));
    const parsed = parseWhatIfJson(json.stdout, 'stdout');
    if (!parsed.ok) throw new Error(`${parsed.errors.join('\n')}\n${json.stderr}`);
    whatIf = parsed.whatIf;
    text = await whatif('--to-version', '1.37');
  });

  afterAll(async () => {
    await servers?.stop();
  });

  it('scans the cluster at v1.24.17 completely and exits 1: something would be newly rejected', () => {
    expect(json.status).toBe(1);
    expect(whatIf.cluster).toMatchObject({ account: 'local', region: 'local', name: 'psa-scanner', version: { gitVersion: 'v1.24.17', minor: 24 } });
    expect(whatIf.outcome).toBe('complete');
    expect(whatIf.upgrade).toEqual({ from: 'v1.24', to: 'v1.37', evaluatedAs: 'v1.37', newestKnown: 'v1.37', beyondKnownChecks: false, note: null, removesPodSecurityPolicy: true });
    expect(text.status).toBe(1);
  });

  it('moves the latest namespace and the pins newer than v1.24, and no other', () => {
    expect(whatIf.namespaces.map((n) => [n.name, n.enforce, n.from, n.to])).toEqual([
      ['wi-latest', 'baseline:latest', 'baseline:v1.24', 'baseline:v1.37'],
      ['wi-pinned-130', 'restricted:v1.30', 'restricted:v1.24', 'restricted:v1.30'],
      ['wi-pinned-134', 'restricted:v1.34', 'restricted:v1.24', 'restricted:v1.34'],
    ]);
  });

  it('names exactly the newly rejected workloads, with pods, template and violation', () => {
    const newly = whatIf.namespaces.flatMap((n) =>
      n.newlyRejected.map((w) => [n.name, `${w.kind}/${w.name}`, w.pods.flatMap((g) => g.pods).length, w.template !== null, [...new Set([...w.pods.flatMap((g) => g.violations), ...(w.template?.violations ?? [])].map((v) => v.check))]]),
    );
    expect(newly).toEqual([
      ['wi-latest', 'CronJob/nightly-export', 0, true, ['hostProbesAndHostLifecycle']],
      ['wi-latest', 'Deployment/probe-api', 2, true, ['hostProbesAndHostLifecycle']],
      ['wi-pinned-134', 'Deployment/restricted-hook', 1, true, ['hostProbesAndHostLifecycle']],
    ]);
    const api = moving('wi-latest')?.newlyRejected.find((w) => w.name === 'probe-api');
    expect(api?.pods[0]?.violations).toEqual([{ check: 'hostProbesAndHostLifecycle', reason: 'probe or lifecycle host', detail: 'container "app" uses probe or lifecycle host "10.0.0.1"' }]);
    expect(moving('wi-latest')?.newlyRejected.find((w) => w.name === 'nightly-export')?.template).toMatchObject({ suspended: true });
    expect(whatIf.summary).toMatchObject({ moving: 3, newlyRejectedNamespaces: 2, newlyRejectedWorkloads: 3, newlyRejectedPods: 3, newlyRejectedTemplates: 3 });
  });

  it('counts what already violates today apart, and reports nothing for a pin whose checks do not reach the change', () => {
    expect(moving('wi-latest')?.pods).toEqual({ evaluated: 4, alreadyRejected: 1, newlyRejected: 2 });
    expect(moving('wi-pinned-130')).toMatchObject({ newlyRejected: [], pods: { evaluated: 1, alreadyRejected: 0, newlyRejected: 0 } });
    expect(moving('wi-pinned-130')?.checkChanges.map((c) => c.check)).not.toContain('hostProbesAndHostLifecycle');
    expect(moving('wi-pinned-134')?.checkChanges).toEqual([
      { check: 'allowPrivilegeEscalation', from: 'v1.8', to: 'v1.25' },
      { check: 'capabilities_restricted', from: 'v1.22', to: 'v1.25' },
      { check: 'hostProbesAndHostLifecycle', from: null, to: 'v1.34' },
      { check: 'seLinuxOptions', from: 'v1.0', to: 'v1.31' },
      { check: 'seccompProfile_restricted', from: 'v1.19', to: 'v1.25' },
      { check: 'sysctls', from: 'v1.0', to: 'v1.32' },
    ]);
  });

  it("records how today's server dry-run verified each moving namespace, in agreement with the engine", () => {
    for (const name of ['wi-latest', 'wi-pinned-130', 'wi-pinned-134']) {
      expect(moving(name)?.today, name).toMatchObject({ verdictSource: 'server', modelAgreement: 'agrees' });
      expect(moving(name)?.today?.method, name).toMatch(/^server-dry-run/);
    }
    expect([moving('wi-latest')?.state, moving('wi-latest')?.today?.compliant]).toEqual(['enforced-lingering-violations', false]);
    expect([moving('wi-pinned-134')?.state, moving('wi-pinned-134')?.today?.compliant]).toEqual(['enforced-compliant', true]);
  });

  it('lists every namespace only PodSecurityPolicy protects, with its verdict at its target at v1.37', () => {
    const psp = whatIf.podSecurityPolicy;
    expect(psp?.served).toBe(true);
    expect(psp?.names).toEqual(['psa-harness-privileged', 'psa-harness-restricted']);
    expect(psp?.reliantNamespaces.map((n) => [n.name, n.reliesBecause, n.allowedUnprotected])).toEqual([
      ['default', 'no-enforce-label', true],
      ['kube-node-lease', 'no-enforce-label', true],
      ['kube-public', 'no-enforce-label', true],
      ['kube-system', 'no-enforce-label', true],
      ['wi-logging', 'no-enforce-label', false],
      ['wi-payments', 'no-enforce-label', false],
    ]);
    const payments = psp?.reliantNamespaces.find((n) => n.name === 'wi-payments');
    expect(payments?.atTarget).toMatchObject({ evaluatedAs: 'restricted:v1.37', complete: true, compliant: false, violatingPods: 2, violatingTemplates: 1 });
    expect(payments?.today).toMatchObject({ levelVersion: 'restricted:latest', evaluatedAs: 'restricted:v1.24', compliant: false });
    const logging = psp?.reliantNamespaces.find((n) => n.name === 'wi-logging');
    expect(logging?.atTarget.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['DaemonSet/log-shipper']);
    expect(whatIf.summary).toMatchObject({ podSecurityPolicyReliant: 6, podSecurityPolicyReliantToProtect: 2 });
  });

  it('prints the same as text: the moves, the newly rejected workloads, the PSP-reliant namespaces', () => {
    const out = text.stdout;
    expect(out.split('\n')[0]).toBe('local/local/psa-scanner  v1.24.17 -> v1.37  complete');
    expect(out).toContain('    wi-latest  Deployment/probe-api  2 pods + template\n      pods: probe-api-7d4b9c8f6-a0, probe-api-7d4b9c8f6-b1\n');
    expect(out).toContain('    wi-latest  CronJob/nightly-export  template (suspended)\n      hostProbesAndHostLifecycle: probe or lifecycle host (container "export" uses probe or lifecycle host "metadata.internal")\n');
    expect(out).toContain('    wi-pinned-134  Deployment/restricted-hook  1 pod + template\n');
    expect(out).toContain('  already violating today, not counted as new (psa-scan scan reports them): wi-latest (1 pod)\n');
    expect(out).toMatch(/^ {4}wi-payments {2,}no enforce label {2}target restricted:latest \(as restricted:v1\.37\): 2 pods and 1 template would be rejected \(Deployment\/api\)$/m);
    expect(out).toContain('  namespaces only PodSecurityPolicy protects: 6 (2 to protect before the upgrade)\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('3 workloads would be newly rejected after the upgrade to v1.37');
  });

  it('stores the document under whatif/, read-only, the very bytes printed; no snapshot chain is written', async () => {
    const store = join(work, 'store');
    expect(json.stderr).toMatch(/^psa-scan whatif: stored .*\/whatif\/account=local\/region=local\/cluster=psa-scanner\/date=\d{4}-\d\d-\d\d\/\d{8}T\d{6}\.\d{3}Z-to-v1\.37-[0-9a-f]{8}\.json\n$/);
    const file = json.stderr.slice('psa-scan whatif: stored '.length, -1);
    expect(await readFile(file, 'utf8')).toBe(json.stdout);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    expect((await readdir(store)).sort()).toEqual(['whatif']);
  });

  it('finds nothing new for an upgrade to the version it runs (exit 0), and refuses a downgrade (exit 2)', async () => {
    const same = await whatif('--to-version', 'v1.24', '--format', 'json');
    const parsed = parseWhatIfJson(same.stdout, 'stdout');
    expect(parsed.ok && [parsed.whatIf.summary.moving, parsed.whatIf.upgrade.removesPodSecurityPolicy, parsed.whatIf.podSecurityPolicy?.reliantNamespaces.length]).toEqual([0, false, 6]);
    expect(same.status).toBe(0);
    const down = await whatif('--to-version', 'v1.23');
    expect([down.status, down.stdout, down.stderr]).toEqual([2, '', 'psa-scan whatif: --to-version: the cluster runs v1.24.17, newer than v1.23: a what-if is for an upgrade (Kubernetes does not downgrade)\n']);
  });

  it('cannot show the v1.35 procMount change here: the v1.24 apiserver admits no pod with procMount Unmasked (ProcMountType off)', async () => {
    const apis = adminApis(servers.adminKubeconfig);
    await apis.core.createNamespace({ body: { metadata: { name: 'wi-procmount' } } });
    const refused = await apis.core
      .createNamespacedPod({
        namespace: 'wi-procmount',
        body: { metadata: { name: 'unmasked' }, spec: { containers: [{ name: 'app', image: IMAGE, securityContext: { procMount: 'Unmasked' } }] } },
      })
      .then(
        () => 'created',
        (error: unknown) => (JSON.parse(String((error as { body?: unknown }).body)) as { message: string }).message,
      );
    expect(refused).toContain('PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": ProcMountType is not allowed');
  });
});
