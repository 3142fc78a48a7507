// The PodSecurityPolicy-removal story on real apiservers: a v1.24 cluster where PSPs still protect
// namespaces that carry no PSA label, scanned before the upgrade (pre-upgrade dependency findings);
// then the same namespaces and pods on v1.37 (the state after the upgrade), scanned and diffed: the
// PSP-removal regression is raised for exactly the namespaces nothing protects any more, and the
// alert reaches an SQS queue subscribed to the topic (moto).
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../shared/drift/diff-snapshots.ts';
import type { Finding } from '../../shared/drift/finding.ts';
import { alertDocumentSchema } from '../../shared/notify/alert-document.ts';
import { alertInputFor } from '../../shared/notify/compose-alert.ts';
import { publishAlert } from '../../shared/notify/publish-alert.ts';
import { createSnsNotifier } from '../../shared/notify/sns-notifier.ts';
import { KUBERNETES_DEFAULT_POD_SECURITY } from '../../shared/pss/admission/pod-security-configuration.ts';
import { LATEST } from '../../shared/pss/version.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { HOST_PATH_SPEC, RESTRICTED_SPEC, ROOT_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis, createDaemonSet, createDeployment } from '../support/playbook/workloads.ts';
import { clusterPolicyFor, scanWith } from '../support/scan-cluster.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { admitEveryPodUnchanged, createPodSecurityPolicy, RESTRICTED_MUTATING_PSP } from './support/pod-security-policies.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

const CLUSTER = { account: '123456789012', region: 'eu-west-1', name: 'legacy-fleet' };
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ALLOWED_PRIVILEGED = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'ci-runners']);
/** Kubernetes' defaults (EKS's: privileged everywhere); system namespaces and CI may stay privileged, the rest should reach restricted. */
const POLICY = clusterPolicyFor(KUBERNETES_DEFAULT_POD_SECURITY, (name) =>
  ALLOWED_PRIVILEGED.has(name)
    ? { target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' }
    : { target: { level: 'restricted', version: LATEST }, allowPrivileged: false, source: 'clusters[0].namespaces[1]' },
);
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The same namespaces and workloads on either cluster; only `storefront` is protected by PSA. */
async function populate(servers: Servers): Promise<void> {
  const apis = adminApis(servers.adminKubeconfig);
  for (const name of ['payments', 'logging', 'storefront', 'ci-runners']) await apis.core.createNamespace({ body: { metadata: { name } } });
  await createDeployment(apis, 'payments', 'api', 2, ROOT_SPEC);
  await createDaemonSet(apis, 'logging', 'log-shipper', 2, HOST_PATH_SPEC);
  await createDeployment(apis, 'storefront', 'web', 2, RESTRICTED_SPEC);
  await createDeployment(apis, 'ci-runners', 'runner', 1, ROOT_SPEC);
  await apis.core.patchNamespace({ name: 'storefront', body: { metadata: { labels: { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.24' } } } }, MERGE_PATCH);
}

async function scan(servers: Servers): Promise<ClusterSnapshot> {
  // PodSecurity reads pods from its cache: give it a moment to see the last ones, then scan.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return (await scanWith(servers.scannerKubeconfig, { policy: POLICY, identity: CLUSTER })).snapshot;
}

const byKind = (findings: readonly Finding[], kind: string): string[] =>
  findings
    .filter((f) => f.kind === kind)
    .map((f) => f.namespace ?? '')
    .sort();

describe('upgrading a PodSecurityPolicy cluster from 1.24 to 1.37', () => {
  let before: Servers;
  let after: Servers;
  let old: ClusterSnapshot;
  let upgraded: ClusterSnapshot;

  beforeAllOrFailEach(async () => {
    before = await startKube124Servers({ moto: true });
    const admin = new KubeConfig();
    admin.loadFromFile(before.adminKubeconfig);
    await admitEveryPodUnchanged(admin);
    await createPodSecurityPolicy(admin, RESTRICTED_MUTATING_PSP);
    await populate(before);
    old = await scan(before);

    after = await startServers({ moto: false, podSecurity: KUBERNETES_DEFAULT_POD_SECURITY });
    await populate(after);
    upgraded = await scan(after);
  });

  afterAll(async () => {
    await after?.stop();
    await before?.stop();
  });

  it('sees PodSecurityPolicy served on 1.24 and gone on 1.37', () => {
    expect(old.cluster.version?.gitVersion).toBe('v1.24.17');
    expect(old.podSecurityPolicy?.served).toBe(true);
    expect(old.podSecurityPolicy?.names.length).toBeGreaterThanOrEqual(2);
    expect(upgraded.podSecurityPolicy).toEqual({ served: false, names: [] });
    expect([old.outcome, upgraded.outcome]).toEqual(['complete', 'complete']);
  });

  it('reports, before the upgrade, every namespace that only PodSecurityPolicy protects, with its target verdict', () => {
    const findings = diffSnapshots(undefined, old);
    expect(byKind(findings, 'psp-dependency')).toEqual(['logging', 'payments']);
    const payments = findings.find((f) => f.kind === 'psp-dependency' && f.namespace === 'payments');
    expect(payments?.severity).toBe('high');
    expect(payments?.evidence.levelVersion).toBe('restricted:latest');
    expect(payments?.evidence.workloads?.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/api']);
    expect(payments?.summary).toMatch(/would be rejected at restricted:latest/);
  });

  it('raises the PSP-removal regression for exactly the unprotected namespaces after the upgrade', () => {
    const findings = diffSnapshots(old, upgraded);
    expect(byKind(findings, 'psp-removal-regression')).toEqual(['logging', 'payments']);
    expect(findings.filter((f) => f.kind === 'psp-removal-regression').every((f) => f.severity === 'critical')).toBe(true);
    const logging = findings.find((f) => f.kind === 'psp-removal-regression' && f.namespace === 'logging');
    expect(logging?.evidence.details?.['podSecurityPoliciesBefore']).toEqual(old.podSecurityPolicy?.names);
    expect(logging?.evidence.workloads?.map((w) => [`${w.kind}/${w.name}`, w.reasons])).toEqual([['DaemonSet/log-shipper', expect.arrayContaining(['restricted volume types'])]]);
    expect(byKind(findings, 'cluster-upgraded')).toEqual(['']);
    expect(findings[0]?.kind).toBe('psp-removal-regression');
  });

  it('alerts on-call through SNS with the crossing, worst first', async () => {
    const endpoint = before.motoEndpoint ?? '';
    const aws = { endpoint, region: CLUSTER.region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    const sns = new SNSClient({ ...aws, maxAttempts: 1 });
    const sqs = new SQSClient(aws);
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'psp-removal' }));
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'psp-removal-oncall' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'], Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ severity: ['critical'] }) } }));

    const findings = diffSnapshots(old, upgraded);
    await publishAlert(alertInputFor(upgraded, findings, 'snapshots/account=123456789012/region=eu-west-1/cluster=legacy-fleet/example.json'), createSnsNotifier({ client: sns, topicArn: TopicArn }));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    expect(Messages).toHaveLength(1);
    const document = alertDocumentSchema.parse(JSON.parse(Messages[0]?.Body ?? 'null'));
    expect(document.highestSeverity).toBe('critical');
    expect(Messages[0]?.MessageAttributes?.['severity']?.StringValue).toBe('critical');
    expect((document.findings ?? []).filter((f) => f.kind === 'psp-removal-regression').map((f) => f.namespace).sort()).toEqual(['logging', 'payments']);
  });
});
