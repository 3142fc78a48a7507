// Faults a scan must survive, each produced for real on a real apiserver: throttling by API Priority
// and Fairness, a webhook that refuses dry-runs, RBAC granted per namespace, a wrong CA, a refused
// credential, and the apiserver killed mid-scan. The scan goes on and says what happened, per
// namespace or per cluster; nothing crashes. Own servers: these faults are cluster-wide.

import { createServer, type Server } from 'node:https';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdmissionregistrationV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBERNETES_DEFAULT_POD_SECURITY } from '../../shared/pss/admission/pod-security-configuration.ts';
import type { ClusterSnapshot, NamespaceResult } from '../../shared/snapshot/snapshot-schema.ts';
import { createPki } from '../harness/kube/pki.ts';
import { IDENTITIES, startServers, type Servers } from '../harness/servers.ts';
import { adminApis, createDeployment } from '../support/playbook/workloads.ts';
import { ROOT_SPEC, RESTRICTED_SPEC } from '../support/playbook/playbook-cluster.ts';
import { clusterPolicyFor, scanWith } from '../support/scan-cluster.ts';
import { limitFlow } from './support/apf.ts';
import { eventually, patchNamespaceLabels } from './support/kube.ts';

const POLICY = clusterPolicyFor(KUBERNETES_DEFAULT_POD_SECURITY);
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const WARN = 'pod-security.kubernetes.io/warn';
const FAST_FAILURE = { retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200 }, requestTimeoutMs: 3000 };

function namespaceOf(snapshot: ClusterSnapshot, name: string): NamespaceResult {
  const found = snapshot.namespaces.find((n) => n.name === name);
  if (found === undefined) throw new Error(`no namespace ${name}`);
  return found;
}

/** `count` namespaces `prefix-NN`, each with a Deployment of two root pods, warn=restricted (target restricted). */
async function populate(servers: Servers, prefix: string, count: number): Promise<string[]> {
  const apis = adminApis(servers.adminKubeconfig);
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  for (const name of names) {
    await apis.core.createNamespace({ body: { metadata: { name, labels: { [WARN]: 'restricted', [ENFORCE]: 'baseline' } } } });
    await createDeployment(apis, name, 'app', 2, ROOT_SPEC);
  }
  // PodSecurity reads pods from its cache: wait until the last namespace's pods are seen.
  const last = names[names.length - 1] ?? '';
  const admin = apis.core;
  await eventually(
    () => patchNamespaceLabels(admin, last, { [ENFORCE]: 'restricted' }, { dryRun: true }),
    (o) => o.warnings.length > 0,
  );
  return names;
}

describe('a scan under faults', () => {
  let servers: Servers;
  let work: string;

  beforeAll(async () => {
    servers = await startServers({ moto: false, podSecurity: KUBERNETES_DEFAULT_POD_SECURITY });
    work = await mkdtemp(join(tmpdir(), 'psa-scan-faults-'));
  }, 120_000);

  afterAll(async () => {
    await servers?.stop();
  });

  it('completes every namespace when API Priority and Fairness answers 429', async () => {
    const names = await populate(servers, 'apf', 40);
    const limit = await limitFlow({
      adminKubeconfig: servers.adminKubeconfig,
      probeKubeconfig: servers.scannerKubeconfig,
      probeNamespace: names[0] ?? '',
      group: IDENTITIES.scanner.groups[0],
      name: 'scan-faults-limited',
    });
    try {
      const { snapshot, counters } = await scanWith(servers.scannerKubeconfig, { policy: POLICY, concurrency: 32, reader: { concurrency: 32 } });
      console.log(`throttled scan: ${counters.requests} requests, ${counters.throttled} answered 429, ${counters.retries} retries`);
      expect(counters.throttled).toBeGreaterThan(0);
      expect(snapshot.outcome).toBe('complete');
      for (const name of names) expect(namespaceOf(snapshot, name).state).toBe('blocked-at-target');
    } finally {
      await limit.remove();
    }
  }, 300_000);

  // A webhook declared `sideEffects: Unknown` cannot be registered any more (admissionregistration/v1
  // accepts only None and NoneOnDryRun; v1beta1 went in 1.22), so the refusal a real server can still
  // give a dry-run is a webhook that denies it. The scan must treat both the same way: a refused
  // dry-run, recorded with the server's message, and an offline verdict.
  describe('a webhook that refuses the dry-run', () => {
    let webhookServer: Server;
    const NAME = 'refuses-dry-runs.psa-test.local';
    const REFUSAL = 'change freeze: no namespace updates';

    beforeAll(async () => {
      await mkdir(join(work, 'webhook-pki'));
      const pki = await createPki(join(work, 'webhook-pki'), {});
      webhookServer = createServer({ cert: await readFile(pki.serving.cert), key: await readFile(pki.serving.key) }, (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const review = JSON.parse(body) as { request: { uid: string } };
          res.setHeader('content-type', 'application/json');
          const response = { uid: review.request.uid, allowed: false, status: { code: 400, message: REFUSAL } };
          res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }));
        });
      });
      await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve));
      const port = (webhookServer.address() as { port: number }).port;
      const apis = adminApis(servers.adminKubeconfig);
      await apis.core.createNamespace({ body: { metadata: { name: 'webhooked', labels: { 'psa-test/webhook': 'on', [WARN]: 'restricted' } } } });
      await createDeployment(apis, 'webhooked', 'api', 1, RESTRICTED_SPEC);
      const admin = new KubeConfig();
      admin.loadFromFile(servers.adminKubeconfig);
      await admin.makeApiClient(AdmissionregistrationV1Api).createValidatingWebhookConfiguration({
        body: {
          metadata: { name: 'psa-test-refuses-dry-runs' },
          webhooks: [
            {
              name: NAME,
              admissionReviewVersions: ['v1'],
              sideEffects: 'None',
              failurePolicy: 'Fail',
              clientConfig: { url: `https://127.0.0.1:${port}/validate`, caBundle: Buffer.from(await readFile(pki.caCert)).toString('base64') },
              rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['namespaces'] }],
              namespaceSelector: { matchLabels: { 'psa-test/webhook': 'on' } },
            },
          ],
        },
      });
    });

    afterAll(async () => {
      const admin = new KubeConfig();
      admin.loadFromFile(servers.adminKubeconfig);
      await admin.makeApiClient(AdmissionregistrationV1Api).deleteValidatingWebhookConfiguration({ name: 'psa-test-refuses-dry-runs' }).catch(() => undefined);
      webhookServer?.close();
    });

    it('records the refused dry-run as its own outcome and still gives an offline verdict', async () => {
      const snapshot = await eventually(
        async () => (await scanWith(servers.scannerKubeconfig, { policy: POLICY })).snapshot,
        (s) => namespaceOf(s, 'webhooked').sweeps.target.dryRun?.outcome === 'refused',
      );
      const webhooked = namespaceOf(snapshot, 'webhooked');
      expect(webhooked.sweeps.target.dryRun).toMatchObject({ outcome: 'refused', status: 400 });
      expect(webhooked.sweeps.target.dryRun?.message).toBe(`admission webhook "${NAME}" denied the request: ${REFUSAL}`);
      expect(webhooked.sweeps.target).toMatchObject({ method: 'offline', verdictSource: 'offline', compliant: true });
      expect(webhooked.errors.map((e) => e.kind)).toEqual(['refused']);
      expect(webhooked.state).toBe('unlabelled');
      expect(snapshot.outcome).toBe('degraded');
    });
  });

  it('scans with RBAC granted per namespace, recording the namespace it may not read', async () => {
    const admin = new KubeConfig();
    admin.loadFromFile(servers.adminKubeconfig);
    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    for (const name of ['rbac-granted', 'rbac-denied']) {
      await core.createNamespace({ body: { metadata: { name, labels: { [WARN]: 'restricted' } } } });
      await createDeployment(adminApis(servers.adminKubeconfig), name, 'app', 1, ROOT_SPEC);
    }
    // A service account of its own: namespaces and PSPs cluster-wide, pods and workloads per namespace.
    await core.createNamespacedServiceAccount({ namespace: 'rbac-granted', body: { metadata: { name: 'narrow-scanner' } } });
    const subject = { kind: 'ServiceAccount', name: 'narrow-scanner', namespace: 'rbac-granted' };
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'narrow-scanner-cluster' },
        rules: [
          { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'patch'] },
          { apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['list'] },
        ],
      },
    });
    await rbac.createClusterRoleBinding({ body: { metadata: { name: 'narrow-scanner-cluster' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'narrow-scanner-cluster' }, subjects: [subject] } });
    await rbac.createNamespacedRoleBinding({
      namespace: 'rbac-granted',
      body: { metadata: { name: 'narrow-scanner' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'psa-scanner' }, subjects: [subject] },
    });
    const token = await core.createNamespacedServiceAccountToken({ namespace: 'rbac-granted', name: 'narrow-scanner', body: { spec: { expirationSeconds: 3600 } } });
    const narrow = new KubeConfig();
    narrow.loadFromOptions({
      clusters: [{ name: 'c', server: servers.apiserverUrl, caFile: servers.caCert }],
      users: [{ name: 'narrow', token: token.status?.token ?? '' }],
      contexts: [{ name: 'narrow', cluster: 'c', user: 'narrow' }],
      currentContext: 'narrow',
    });

    const { snapshot } = await scanWith(narrow, { policy: POLICY });
    const granted = namespaceOf(snapshot, 'rbac-granted');
    const denied = namespaceOf(snapshot, 'rbac-denied');
    expect(granted.errors).toEqual([]);
    expect(granted.state).toBe('unlabelled');
    expect(granted.sweeps.target.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/app']);
    // It may not list the pods there, but it may dry-run: the server's verdict stands, unattributed.
    expect(denied.errors.some((e) => e.kind === 'forbidden' && e.request === 'GET /api/v1/namespaces/rbac-denied/pods')).toBe(true);
    expect(denied.sweeps.target).toMatchObject({ method: 'server-dry-run', verdictSource: 'server', compliant: false, workloads: [] });
    expect(denied.sweeps.target.dryRun?.violatingPods).toBe(1);
    expect(snapshot.outcome).toBe('degraded');
  });

  it('fails the cluster, not the process, on a CA it does not trust', async () => {
    await mkdir(join(work, 'other-pki'));
    const other = await createPki(join(work, 'other-pki'), {});
    const scanner = new KubeConfig();
    scanner.loadFromFile(servers.scannerKubeconfig);
    const cluster = scanner.getCurrentCluster();
    const user = scanner.getCurrentUser();
    if (cluster === null || user === null) throw new Error('the scanner kubeconfig has no current cluster or user');
    const wrongCa = new KubeConfig();
    wrongCa.loadFromOptions({
      clusters: [{ ...cluster, caData: Buffer.from(await readFile(other.caCert)).toString('base64') }],
      users: [user],
      contexts: [{ name: 'wrong-ca', cluster: cluster.name, user: user.name }],
      currentContext: 'wrong-ca',
    });
    const { snapshot } = await scanWith(wrongCa, { policy: POLICY, reader: FAST_FAILURE });
    expect(snapshot.outcome).toBe('failed');
    expect(snapshot.errors.map((e) => e.kind)).toEqual(['tls']);
    expect(snapshot.namespaces).toEqual([]);
  });

  it('fails the cluster on a credential the server refuses', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: servers.apiserverUrl, caFile: servers.caCert }],
      users: [{ name: 'u', token: 'not-a-valid-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const { snapshot } = await scanWith(kubeConfig, { policy: POLICY, reader: FAST_FAILURE });
    expect(snapshot.outcome).toBe('failed');
    expect(snapshot.errors).toMatchObject([{ kind: 'unauthorized', request: 'GET /version' }]);
  });
});

describe('the apiserver killed mid-scan', () => {
  it('leaves a partial snapshot marked degraded, every namespace accounted for', async () => {
    const servers = await startServers({ moto: false, podSecurity: KUBERNETES_DEFAULT_POD_SECURITY });
    try {
      const names = await populate(servers, 'kill', 30);
      let killed = false;
      const { snapshot } = await scanWith(servers.scannerKubeconfig, {
        policy: POLICY,
        concurrency: 2,
        reader: { ...FAST_FAILURE, concurrency: 2 },
        onProgress: (progress) => {
          if (!killed && progress.phase === 'namespaces' && progress.done >= 8) {
            killed = true;
            // the watchdog leads the apiserver's process group: kill the whole group, as a crash would
            process.kill(-(servers.pids['kube-apiserver'] ?? 0), 'SIGKILL');
          }
        },
      });
      expect(killed).toBe(true);
      expect(snapshot.outcome).toBe('degraded');
      const ours = snapshot.namespaces.filter((n) => names.includes(n.name));
      expect(ours).toHaveLength(names.length);
      const evaluatedByServer = ours.filter((n) => n.sweeps.target.method === 'server-dry-run');
      const cutOff = ours.filter((n) => n.errors.some((e) => e.kind === 'unreachable'));
      // Some of the first namespaces done are the apiserver's own (nothing to dry-run there).
      expect(evaluatedByServer.length).toBeGreaterThan(0);
      expect(cutOff.length).toBeGreaterThan(0);
      expect(evaluatedByServer.length + cutOff.length).toBe(names.length);
      // The pods were read before the kill: the cut-off namespaces still have an offline verdict.
      for (const namespace of cutOff) expect(namespace.sweeps.target).toMatchObject({ method: 'offline', compliant: false });
    } finally {
      await servers.stop();
    }
  }, 300_000);
});
