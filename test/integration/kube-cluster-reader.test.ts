// The kube cluster reader against the real kube-apiserver, as the scanner identity
// (servers().scannerKubeconfig, with the onboarding RBAC); fixtures are made as the admin. What the
// reader returns is compared with what kubectl, a client it shares no code with, gets from the same
// server: lists complete across pages, pods and pod templates field for field as the server sends
// them, dry-run warnings string for string.
import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import diagnostics from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL } from '../../shared/fleet/cluster-identity.ts';
import type { BearerTokenSource, ClusterEndpoint } from '../../shared/kube/cluster-endpoint.ts';
import { createKubeClusterReader, type KubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import type { KubeClientOptions } from '../../shared/kube/kube-client-options.ts';
import { RequestCounters } from '../../shared/kube/request-event.ts';
import { evaluatePod } from '../../shared/pss/evaluate.ts';
import { LATEST } from '../../shared/pss/version.ts';
import type { PodUnderTest } from '../../shared/pss/pod.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../../shared/scan/cluster-reader.ts';
import { generatePods } from '../generators/pod-generator.ts';
import { runTool } from '../harness/run-tool.ts';
import { createPki } from '../harness/kube/pki.ts';
import { clusterRequestFailure } from '../support/cluster-request-failure.ts';
import { allowEscalation, hostNetwork, plainPod, privileged, restrictedPod, tweak, type Tweak } from './scenarios/pods.ts';
import { predictedOutcome } from './support/admission-model.ts';
import { coreApi, createNamespace, createPod, eventually, inBatches, kubeConfig, kubectlDryRunLabel, servers } from './support/kube.ts';

const NS = 'kube-reader';
const PODS_NS = 'kube-reader-pods';
const DRY_RUN_NS = 'kube-reader-dry-run';
const REFUSED_NS = 'kube-reader-refused';
const REFUSING_POLICY = 'kube-reader-refuses-labels';
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const GENERATED_SEED = 20261129;
const GENERATED_TRIES = 400;

/** Fast retries: the real server answers, and a failing test should fail fast. */
const OPTIONS: KubeClientOptions = { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 200 } };

function endpoint(config: KubeConfig, bearerToken?: BearerTokenSource): ClusterEndpoint {
  return { identity: { account: LOCAL, region: LOCAL, name: 'harness' }, kubeConfig: config, ...(bearerToken !== undefined ? { bearerToken } : {}) };
}

const readers: KubeClusterReader[] = [];

function reader(config: KubeConfig, options: KubeClientOptions = {}, bearerToken?: BearerTokenSource): KubeClusterReader {
  const created = createKubeClusterReader(endpoint(config, bearerToken), { ...OPTIONS, ...options });
  readers.push(created);
  return created;
}

function scanner(options: KubeClientOptions = {}): KubeClusterReader {
  return reader(kubeConfig(servers().scannerKubeconfig), options);
}

/** The scanner's cluster entry with other trust or credentials: CA data, TLS server name, user. */
function variantConfig(options: { caData?: string; tlsServerName?: string; user: Record<string, string> }): KubeConfig {
  const cluster = kubeConfig(servers().scannerKubeconfig).getCurrentCluster();
  if (cluster === null) throw new Error('scanner kubeconfig has no cluster');
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ ...cluster, ...(options.caData !== undefined ? { caData: options.caData } : {}), ...(options.tlsServerName !== undefined ? { tlsServerName: options.tlsServerName } : {}) }],
    users: [{ name: 'variant', ...options.user }],
    contexts: [{ name: 'variant', cluster: cluster.name, user: 'variant' }],
    currentContext: 'variant',
  });
  return config;
}

/** The admin's credentials, impersonating someone (Impersonate-User): a second identity without new certificates. */
function impersonating(user: string): KubeConfig {
  const admin = kubeConfig(servers().adminKubeconfig);
  const self = admin.getCurrentUser();
  if (self === null) throw new Error('admin kubeconfig has no user');
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: admin.getClusters(),
    users: [{ ...self, name: 'impersonating', impersonateUser: user }],
    contexts: [{ name: 'impersonating', cluster: admin.getCurrentCluster()?.name ?? '', user: 'impersonating' }],
    currentContext: 'impersonating',
  });
  return config;
}

interface KubectlList {
  items: Array<Record<string, unknown> & { metadata: { name: string; namespace?: string; uid: string } }>;
}

/** `kubectl get WHAT -o json` as the admin: the server's JSON, through a client that shares no code with the reader. */
async function kubectlGet(...args: string[]): Promise<KubectlList> {
  const { stdout } = await runTool(servers().kubectl, ['--kubeconfig', servers().adminKubeconfig, 'get', ...args, '-o', 'json'], { maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(stdout) as KubectlList;
}

// --- fixtures ------------------------------------------------------------------------------------

function template(name: string, ...tweaks: Tweak[]): V1PodTemplateSpec {
  const pod = tweak(restrictedPod(name), ...tweaks);
  return { metadata: { labels: { app: name }, annotations: { 'kube-reader/of': name } }, spec: pod.spec };
}

/** Job pods may not restart Always. */
const restartPolicy =
  (policy: 'Never' | 'OnFailure'): Tweak =>
  (pod) => {
    if (pod.spec !== undefined) pod.spec.restartPolicy = policy;
  };

const SELECTOR = (name: string) => ({ matchLabels: { app: name } });

/** One object of every kind with a pod template; none of them gets pods (no controllers run). */
async function createWorkloads(): Promise<void> {
  const config = kubeConfig(servers().adminKubeconfig);
  const apps = config.makeApiClient(AppsV1Api);
  const batch = config.makeApiClient(BatchV1Api);
  const core = config.makeApiClient(CoreV1Api);
  const namespace = NS;
  await Promise.all([
    apps.createNamespacedDeployment({ namespace, body: { metadata: { name: 'scaled-to-zero' }, spec: { replicas: 0, selector: SELECTOR('scaled-to-zero'), template: template('scaled-to-zero', allowEscalation, privileged) } } }),
    apps.createNamespacedStatefulSet({ namespace, body: { metadata: { name: 'db' }, spec: { replicas: 2, serviceName: 'db', selector: SELECTOR('db'), template: template('db') } } }),
    apps.createNamespacedDaemonSet({ namespace, body: { metadata: { name: 'agent' }, spec: { selector: SELECTOR('agent'), template: template('agent', hostNetwork) } } }),
    apps.createNamespacedReplicaSet({ namespace, body: { metadata: { name: 'web-5d8c7' }, spec: { replicas: 3, selector: SELECTOR('web-5d8c7'), template: template('web-5d8c7') } } }),
    batch.createNamespacedJob({ namespace, body: { metadata: { name: 'migrate' }, spec: { suspend: true, template: template('migrate', restartPolicy('Never')) } } }),
    batch.createNamespacedCronJob({
      namespace,
      body: { metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', suspend: true, jobTemplate: { spec: { template: template('nightly', restartPolicy('OnFailure')) } } } },
    }),
    core.createNamespacedReplicationController({ namespace, body: { metadata: { name: 'legacy' }, spec: { replicas: 1, selector: { app: 'legacy' }, template: template('legacy') } } }),
  ]);
}

/**
 * The seeded generator's pods, as many as the apiserver accepts: it refuses many of them (odd
 * values are the generator's point), and ephemeral containers cannot be set at creation, so they
 * are added through the ephemeralcontainers subresource afterwards.
 */
async function createGeneratedPods(): Promise<{ accepted: number; withEphemeral: number }> {
  const admin = coreApi(servers().adminKubeconfig);
  let accepted = 0;
  let withEphemeral = 0;
  await inBatches(
    generatePods(GENERATED_SEED, GENERATED_TRIES).map((pod, i) => [pod, `gen-${String(i).padStart(3, '0')}`] as const),
    16,
    async ([generated, name]) => {
      const body = structuredClone(generated) as Record<string, unknown> & { metadata?: Record<string, unknown> | null; spec?: Record<string, unknown> | null };
      body.metadata = { ...(body.metadata ?? {}), name };
      delete body.metadata['namespace'];
      const ephemeral = body.spec?.['ephemeralContainers'];
      if (body.spec) delete body.spec['ephemeralContainers'];
      try {
        await admin.createNamespacedPod({ namespace: PODS_NS, body: body as never });
      } catch {
        return; // invalid for the apiserver
      }
      accepted++;
      if (!Array.isArray(ephemeral) || ephemeral.length === 0) return;
      try {
        const current = await admin.readNamespacedPod({ namespace: PODS_NS, name });
        if (current.spec === undefined) return;
        current.spec.ephemeralContainers = ephemeral;
        await admin.replaceNamespacedPodEphemeralcontainers({ namespace: PODS_NS, name, body: current });
        withEphemeral++;
      } catch {
        // the pod stays, without ephemeral containers
      }
    },
  );
  return { accepted, withEphemeral };
}

async function createRefusingPolicy(): Promise<void> {
  const admission = kubeConfig(servers().adminKubeconfig).makeApiClient(AdmissionregistrationV1Api);
  await admission.createValidatingAdmissionPolicy({
    body: {
      metadata: { name: REFUSING_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['namespaces'] }] },
        matchConditions: [{ name: 'this-namespace', expression: `object.metadata.name == '${REFUSED_NS}'` }],
        validations: [{ expression: 'false', message: 'kube-reader test policy refuses every label change here', reason: 'Forbidden' }],
      },
    },
  });
  await admission.createValidatingAdmissionPolicyBinding({
    body: { metadata: { name: REFUSING_POLICY }, spec: { policyName: REFUSING_POLICY, validationActions: ['Deny'] } },
  });
}

async function removeRefusingPolicy(): Promise<void> {
  const admission = kubeConfig(servers().adminKubeconfig).makeApiClient(AdmissionregistrationV1Api);
  await admission.deleteValidatingAdmissionPolicyBinding({ name: REFUSING_POLICY }).catch(() => undefined);
  await admission.deleteValidatingAdmissionPolicy({ name: REFUSING_POLICY }).catch(() => undefined);
}

let generated: { accepted: number; withEphemeral: number };

beforeAll(async () => {
  const admin = coreApi(servers().adminKubeconfig);
  await Promise.all([NS, PODS_NS, DRY_RUN_NS, REFUSED_NS].map((name) => createNamespace(admin, name, { 'kube-reader/test': 'yes' })));
  await createWorkloads();
  await inBatches([plainPod('plain-1'), plainPod('plain-2'), tweak(plainPod('priv-1'), privileged), restrictedPod('fine-1')], 4, (pod) =>
    createPod(admin, DRY_RUN_NS, pod),
  );
  await createRefusingPolicy();
  generated = await createGeneratedPods();
}, 300_000);

afterAll(async () => {
  await removeRefusingPolicy();
  await Promise.all(readers.map((r) => r.close()));
});

// --- tests ---------------------------------------------------------------------------------------

describe('discovery', () => {
  it('reads /version', async () => {
    expect(await scanner().version()).toEqual({ gitVersion: servers().kubernetesVersion, major: 1, minor: 37 });
  });

  it('finds no PodSecurityPolicy API on 1.37 (policy/v1beta1 is gone since 1.25)', async () => {
    expect(await scanner().podSecurityPolicies()).toEqual({ served: false, names: [] });
  });
});

describe('lists', () => {
  it('returns every namespace across pages of 3, with labels and phase', async () => {
    const expected = await kubectlGet('namespaces');
    const namespaces = await scanner({ pageSize: 3 }).namespaces();
    expect(expected.items.length).toBeGreaterThan(3 * 2);
    expect(namespaces.map((n) => n.uid)).toEqual(expected.items.map((n) => n.metadata.uid));
    expect(namespaces.find((n) => n.name === NS)).toMatchObject({ labels: { 'kube-reader/test': 'yes', 'kubernetes.io/metadata.name': NS }, phase: 'Active' });
  });

  it("returns a namespace's pods across pages of 7, exactly as the server sends their specs", async () => {
    const expected = await kubectlGet('pods', '-n', PODS_NS);
    const pods = await scanner({ pageSize: 7 }).pods(PODS_NS);
    expect(generated.accepted).toBeGreaterThanOrEqual(100);
    expect(pods).toHaveLength(generated.accepted);
    expect(pods.map((p) => p.metadata.uid)).toEqual(expected.items.map((p) => p.metadata.uid));
    for (const [i, pod] of pods.entries()) {
      const raw = expected.items[i] as unknown as { metadata: Record<string, unknown>; spec: unknown; status: { phase: string } };
      expect(pod.spec).toStrictEqual(raw.spec);
      expect(pod.phase).toBe(raw.status.phase);
      for (const key of ['name', 'namespace', 'uid', 'labels', 'annotations', 'ownerReferences', 'creationTimestamp'] as const) {
        expect(pod.metadata[key], `${pod.metadata.name} metadata.${key}`).toEqual(raw.metadata[key]);
      }
    }
    expect(pods.filter((p) => (p.spec.ephemeralContainers?.length ?? 0) > 0)).toHaveLength(generated.withEphemeral);
  });

  it("gives the offline engine the pods the server evaluates: the same verdicts as on the server's JSON", async () => {
    const expected = await kubectlGet('pods', '-n', PODS_NS);
    const pods = await scanner().pods(PODS_NS);
    const raw = new Map(expected.items.map((p) => [p.metadata.uid, p as PodUnderTest]));
    const denied = { restricted: 0, baseline: 0 };
    for (const level of ['restricted', 'baseline'] as const) {
      const lv = { level, version: LATEST };
      for (const pod of pods) {
        const verdict = evaluatePod(lv, pod);
        expect(verdict, pod.metadata.name).toEqual(evaluatePod(lv, raw.get(pod.metadata.uid) ?? {}));
        if (!verdict.allowed) denied[level]++;
      }
    }
    // the generated pods are varied: many fail restricted, fewer fail baseline, some pass both
    expect(denied.restricted).toBeGreaterThanOrEqual(30);
    expect(denied.baseline).toBeGreaterThanOrEqual(10);
    expect(denied.baseline).toBeLessThan(denied.restricted);
    expect(denied.restricted).toBeLessThan(pods.length);
  });

  it('returns every pod of the cluster, across pages, as kubectl lists them', async () => {
    const counters = new RequestCounters();
    const pods = await scanner({ pageSize: 50, onRequest: counters.record }).pods();
    const expected = await kubectlGet('pods', '--all-namespaces');
    expect(new Set(pods.map((p) => p.metadata.uid))).toEqual(new Set(expected.items.map((p) => p.metadata.uid)));
    expect(pods).toHaveLength(expected.items.length);
    expect(counters.requests).toBe(Math.ceil(pods.length / 50));
    expect(counters.requests).toBeGreaterThan(1);
  });

  it.each(WORKLOAD_KINDS.map((kind) => [kind]))('returns every %s with its pod template as the server sends it', async (kind: WorkloadKind) => {
    const resource = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets', Job: 'jobs', CronJob: 'cronjobs', ReplicationController: 'replicationcontrollers' }[kind];
    const expected = await kubectlGet(resource, '-n', NS);
    const workloads = await scanner({ pageSize: 2 }).workloads(kind, NS);
    expect(workloads).toHaveLength(1);
    const [workload] = workloads;
    const raw = expected.items[0] as unknown as { metadata: { uid: string }; spec: { template?: unknown; jobTemplate?: { spec: { template: unknown } }; replicas?: number; suspend?: boolean } };
    expect(workload?.uid).toBe(raw.metadata.uid);
    expect(workload?.template).toStrictEqual(kind === 'CronJob' ? raw.spec.jobTemplate?.spec.template : raw.spec.template);
    expect(workload?.template.metadata?.annotations).toHaveProperty('kube-reader/of');
    expect({ replicas: workload?.replicas, suspended: workload?.suspended }).toEqual(
      {
        Deployment: { replicas: 0, suspended: undefined },
        StatefulSet: { replicas: 2, suspended: undefined },
        DaemonSet: { replicas: undefined, suspended: undefined },
        ReplicaSet: { replicas: 3, suspended: undefined },
        Job: { replicas: undefined, suspended: true },
        CronJob: { replicas: undefined, suspended: true },
        ReplicationController: { replicas: 1, suspended: undefined },
      }[kind],
    );
  });

  it('lists a kind across all namespaces too', async () => {
    const all = await scanner().workloads('CronJob');
    expect(all.map((w) => `${w.namespace}/${w.name}`)).toContain(`${NS}/nightly`);
  });
});

describe('dry-run of namespace labels', () => {
  it("answers with the server's warnings, the same kubectl gets and the engine's model predicts", async () => {
    const patch = { [ENFORCE]: 'restricted' };
    const reader = scanner();
    // PodSecurity reads pods from an informer: wait until it sees all four
    const fromKubectl = await eventually(
      () => kubectlDryRunLabel(servers().scannerKubeconfig, DRY_RUN_NS, patch),
      (r) => r.warnings.some((w) => w.startsWith('plain-1 (and 1 other pod)')) && r.warnings.some((w) => w.startsWith('priv-1')),
    );
    const answer = await reader.dryRunNamespaceLabels(DRY_RUN_NS, patch);
    const predicted = await predictedOutcome(coreApi(servers().adminKubeconfig), DRY_RUN_NS, servers().podSecurity, patch);
    expect(answer).toEqual({ kind: 'answered', warnings: fromKubectl.warnings, warningParseErrors: [] });
    expect(answer).toEqual({ kind: 'answered', warnings: predicted.warnings, warningParseErrors: [] });
    expect(answer.kind === 'answered' && answer.warnings[0]).toBe(`existing pods in namespace "${DRY_RUN_NS}" violate the new PodSecurity enforce level "restricted:latest"`);
  });

  it('persists nothing', async () => {
    await scanner().dryRunNamespaceLabels(NS, { [ENFORCE]: 'restricted', 'kube-reader/test': null });
    const after = await coreApi(servers().adminKubeconfig).readNamespace({ name: NS });
    expect(after.metadata?.labels).toEqual({ 'kube-reader/test': 'yes', 'kubernetes.io/metadata.name': NS });
  });

  it('answers invalid labels with the Status message and its causes', async () => {
    expect(await scanner().dryRunNamespaceLabels(NS, { [ENFORCE]: 'bogus' })).toEqual({
      kind: 'invalid',
      message: `Namespace "${NS}" is invalid: metadata.labels[${ENFORCE}]: Invalid value: "bogus": must be one of privileged, baseline, restricted`,
      causes: [`metadata.labels[${ENFORCE}]: Invalid value: "bogus": must be one of privileged, baseline, restricted`],
    });
  });

  it('answers forbidden for an identity RBAC does not let patch namespaces', async () => {
    const answer = await reader(impersonating('psa-nobody')).dryRunNamespaceLabels(NS, { [ENFORCE]: 'baseline' });
    expect(answer).toEqual({
      kind: 'forbidden',
      message: `namespaces "${NS}" is forbidden: User "psa-nobody" cannot patch resource "namespaces" in API group "" in the namespace "${NS}"`,
    });
  });

  it('answers refused, not forbidden, when an admission policy denies the change with 403', async () => {
    const reader = scanner();
    // a ValidatingAdmissionPolicy takes effect about a second after it is created
    const answer = await eventually(
      () => reader.dryRunNamespaceLabels(REFUSED_NS, { [ENFORCE]: 'baseline' }),
      (a) => a.kind !== 'answered',
    );
    expect(answer).toEqual({
      kind: 'refused',
      status: 403,
      reason: 'Forbidden',
      message: `namespaces "${REFUSED_NS}" is forbidden: ValidatingAdmissionPolicy '${REFUSING_POLICY}' with binding '${REFUSING_POLICY}' denied request: kube-reader test policy refuses every label change here`,
    });
  });

  it('fails as not-found for a namespace that does not exist', async () => {
    const error = await clusterRequestFailure(scanner().dryRunNamespaceLabels('kube-reader-missing', { [ENFORCE]: 'baseline' }));
    expect(error).toMatchObject({ kind: 'not-found', status: 404, request: 'PATCH /api/v1/namespaces/kube-reader-missing?dryRun=All' });
  });
});

describe('identity and trust', () => {
  it('fails as forbidden for a read RBAC does not allow', async () => {
    const error = await clusterRequestFailure(reader(impersonating('psa-nobody')).namespaces());
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, attempts: 1, request: 'GET /api/v1/namespaces' });
  });

  it('fails as unauthorized when the server rejects the bearer token', async () => {
    const error = await clusterRequestFailure(reader(variantConfig({ user: {} }), {}, { token: async () => 'not-a-valid-token' }).version());
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, attempts: 1, request: 'GET /version' });
  });

  it('reads with a real bearer token (a service account token), asking the source on every request', async () => {
    const config = kubeConfig(servers().adminKubeconfig);
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'kube-reader-sa' } } });
    await config.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
      namespace: NS,
      body: {
        metadata: { name: 'kube-reader-sa' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'psa-scanner' },
        subjects: [{ kind: 'ServiceAccount', name: 'kube-reader-sa', namespace: NS }],
      },
    });
    const issued = await core.createNamespacedServiceAccountToken({ namespace: NS, name: 'kube-reader-sa', body: { spec: { expirationSeconds: 600 } } });
    const token = issued.status?.token ?? '';
    let calls = 0;
    const counters = new RequestCounters();
    const r = reader(variantConfig({ user: {} }), { pageSize: 1, onRequest: counters.record }, { token: async () => (calls++, token) });
    const workloads = await r.workloads('Deployment', NS);
    expect(workloads.map((w) => w.name)).toEqual(['scaled-to-zero']);
    expect(calls).toBe(counters.requests);
    expect(calls).toBeGreaterThanOrEqual(1);
  });

  it('fails as tls, without retrying, when the kubeconfig trusts another CA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-reader-ca-'));
    const otherCa = (await readFile((await createPki(dir, {})).caCert)).toString('base64');
    await rm(dir, { recursive: true, force: true });
    const error = await clusterRequestFailure(reader(variantConfig({ caData: otherCa, user: {} })).version());
    expect(error).toMatchObject({ kind: 'tls', attempts: 1, request: 'GET /version' });
  });

  it("fails as tls when the server's certificate does not name the kubeconfig's tls-server-name", async () => {
    const scannerUser = kubeConfig(servers().scannerKubeconfig).getCurrentUser();
    const error = await clusterRequestFailure(
      reader(variantConfig({ tlsServerName: 'not-the-apiserver.example', user: { certData: scannerUser?.certData ?? '', keyData: scannerUser?.keyData ?? '' } })).version(),
    );
    expect(error).toMatchObject({ kind: 'tls', attempts: 1 });
    expect(error.message).toContain('not-the-apiserver.example');
  });
});

describe('connections', () => {
  it('sends 60 requests over one connection (HTTP/2 to the apiserver)', async () => {
    const r = scanner({ concurrency: 8 });
    let connected = 0;
    const count = (): void => void connected++;
    diagnostics.subscribe('undici:client:connected', count);
    try {
      await Promise.all(Array.from({ length: 60 }, () => r.dryRunNamespaceLabels(NS, { [ENFORCE]: 'baseline' })));
    } finally {
      diagnostics.unsubscribe('undici:client:connected', count);
    }
    expect(connected).toBe(1);
  });
});
