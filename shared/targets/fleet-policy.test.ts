import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION_CONFIG } from '../pss/admission/admission-config.ts';
import { LATEST, v1 } from '../pss/version.ts';
import { LOCAL, type ClusterIdentity } from '../fleet/cluster-identity.ts';
import { DEFAULT_FLEET_POLICY } from './fleet-policy.ts';
import { HEADER, policyFrom } from './fleet-policy.test-support.ts';

const prodEu: ClusterIdentity = { account: '111122223333', region: 'eu-west-1', name: 'prod-a' };
const kubeconfigCluster: ClusterIdentity = { account: LOCAL, region: LOCAL, name: 'kind-dev' };

/** The entry (`clusters[i]`) a one-selector policy picks for a cluster. */
function sourceFor(match: string, identity: ClusterIdentity, tags?: Record<string, string>): string | undefined {
  const policy = policyFrom(`${HEADER}clusters:\n  - match: ${match}\n`);
  return policy.forCluster({ identity, tags }).source;
}

describe('forCluster: cluster selectors', () => {
  it.each([
    ['names glob matches', '{ names: ["prod-*"] }', prodEu, true],
    ['names: any of the list', '{ names: ["staging", "prod-?"] }', prodEu, true],
    ['names glob does not match', '{ names: ["staging-*"] }', prodEu, false],
    ['names: a kubeconfig context name', '{ names: ["kind-*"] }', kubeconfigCluster, true],
    ['accounts: exact', '{ accounts: ["111122223333"] }', prodEu, true],
    ['accounts: another account', '{ accounts: ["444455556666"] }', prodEu, false],
    ['accounts: glob', '{ accounts: ["1111*"] }', prodEu, true],
    ['accounts: local selects kubeconfig clusters', '{ accounts: ["local"] }', kubeconfigCluster, true],
    ['accounts: local does not select EKS clusters', '{ accounts: ["local"] }', prodEu, false],
    ['regions glob matches', '{ regions: ["eu-*"] }', prodEu, true],
    ['regions glob does not match', '{ regions: ["us-*"] }', prodEu, false],
    ['all selectors match', '{ names: ["prod-*"], accounts: ["111122223333"], regions: ["eu-west-?"] }', prodEu, true],
    ['one selector of several fails', '{ names: ["prod-*"], accounts: ["111122223333"], regions: ["us-*"] }', prodEu, false],
    ['an empty match selects every cluster', '{}', kubeconfigCluster, true],
  ])('%s', (_name, match, identity, selected) => {
    expect(sourceFor(match, identity)).toBe(selected ? 'clusters[0]' : undefined);
  });

  it('tags: every tag must be present with its value', () => {
    const match = '{ tags: { environment: prod, team: platform } }';
    expect(sourceFor(match, prodEu, { environment: 'prod', team: 'platform', extra: 'x' })).toBe('clusters[0]');
    expect(sourceFor(match, prodEu, { environment: 'prod' })).toBeUndefined();
    expect(sourceFor(match, prodEu, { environment: 'prod', team: 'search' })).toBeUndefined();
  });

  it('tags: a cluster without tags (kubeconfig) is never selected by a tags selector', () => {
    expect(sourceFor('{ tags: { environment: prod } }', kubeconfigCluster)).toBeUndefined();
    expect(sourceFor('{ tags: { environment: "" } }', kubeconfigCluster)).toBeUndefined();
  });

  it('tags: an empty tags map selects every cluster, tagged or not', () => {
    expect(sourceFor('{ tags: {} }', kubeconfigCluster)).toBe('clusters[0]');
  });
});

describe('forCluster: first match', () => {
  const policy = policyFrom(`${HEADER}clusters:
  - match: { names: ["prod-b"] }
  - match: { regions: ["eu-*"] }
    podSecurity: { defaults: { enforce: baseline } }
  - match: { names: ["prod-*"] }
    podSecurity: { defaults: { enforce: restricted } }
`);

  it('applies the first entry that matches, not a later one that also does', () => {
    const matched = policy.forCluster({ identity: prodEu });
    expect(matched.source).toBe('clusters[1]');
    expect(matched.admission.defaults.enforce).toEqual({ level: 'baseline', version: LATEST });
  });

  it('falls through entries that do not match', () => {
    expect(policy.forCluster({ identity: { ...prodEu, region: 'us-east-1' } }).source).toBe('clusters[2]');
    expect(policy.forCluster({ identity: { ...prodEu, name: 'prod-b' } }).source).toBe('clusters[0]');
  });

  it("gives Kubernetes' defaults and no targets when no entry matches", () => {
    const matched = policy.forCluster({ identity: kubeconfigCluster });
    expect(matched.source).toBeUndefined();
    expect(matched.admission).toEqual(DEFAULT_ADMISSION_CONFIG);
    expect(matched.targetFor({ name: 'default', labels: {} })).toBeUndefined();
  });
});

describe('forCluster: podSecurity', () => {
  it('fills unset defaults with privileged / latest and keeps exemptions', () => {
    const policy = policyFrom(`${HEADER}clusters:
  - match: {}
    podSecurity:
      defaults: { enforce: baseline, enforce-version: v1.30, warn: restricted }
      exemptions: { namespaces: [kube-system], runtimeClasses: [kata.x-k8s.io], usernames: ["system:serviceaccount:kube-system:replicaset-controller"] }
`);
    expect(policy.forCluster({ identity: prodEu }).admission).toEqual({
      defaults: {
        enforce: { level: 'baseline', version: v1(30) },
        audit: { level: 'privileged', version: LATEST },
        warn: { level: 'restricted', version: LATEST },
      },
      exemptions: { namespaces: ['kube-system'], runtimeClasses: ['kata.x-k8s.io'], usernames: ['system:serviceaccount:kube-system:replicaset-controller'] },
    });
  });

  it("is Kubernetes' default configuration when the entry has none", () => {
    expect(policyFrom(`${HEADER}clusters:\n  - match: {}\n`).forCluster({ identity: prodEu }).admission).toEqual(DEFAULT_ADMISSION_CONFIG);
  });
});

describe('targetFor: namespace rules', () => {
  const cluster = policyFrom(`${HEADER}clusters:
  - match: {}
    namespaces:
      - match: { names: ["kube-*"] }
        allowPrivileged: true
      - match: { names: ["team-*"], labels: { matchLabels: { tier: legacy } } }
        target: { level: baseline, version: v1.30 }
      - match: { labels: { matchExpressions: [{ key: psa.example.com/self-managed, operator: Exists }] } }
      - match: { names: ["monitoring"] }
        target: { level: privileged, version: latest }
      - match: { labels: { matchExpressions: [{ key: team, operator: NotIn, values: [payments] }] } }
        target: { level: restricted, version: v1.31 }
`).forCluster({ identity: prodEu });

  it('allows a namespace to stay privileged, with no target', () => {
    expect(cluster.targetFor({ name: 'kube-system', labels: {} })).toEqual({ target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' });
  });

  it('needs both the name and the labels of a rule to match', () => {
    expect(cluster.targetFor({ name: 'team-a', labels: { tier: 'legacy' } })).toEqual({
      target: { level: 'baseline', version: v1(30) },
      allowPrivileged: false,
      source: 'clusters[0].namespaces[1]',
    });
    // Name matches, labels do not: the next rule that matches applies.
    expect(cluster.targetFor({ name: 'team-a', labels: { tier: 'web' } })?.source).toBe('clusters[0].namespaces[4]');
  });

  it('applies the first rule that matches', () => {
    // kube-node-lease also lacks `team`, so the NotIn rule would match it too.
    expect(cluster.targetFor({ name: 'kube-node-lease', labels: {} })?.source).toBe('clusters[0].namespaces[0]');
  });

  it('gives no target for a rule with neither target nor allowPrivileged (the labels decide)', () => {
    expect(cluster.targetFor({ name: 'shop', labels: { 'psa.example.com/self-managed': '' } })).toEqual({
      target: undefined,
      allowPrivileged: false,
      source: 'clusters[0].namespaces[2]',
    });
  });

  it('reads a privileged target as allowed to stay privileged', () => {
    expect(cluster.targetFor({ name: 'monitoring', labels: {} })).toEqual({
      target: { level: 'privileged', version: LATEST },
      allowPrivileged: true,
      source: 'clusters[0].namespaces[3]',
    });
  });

  it('gives undefined when no rule matches', () => {
    expect(cluster.targetFor({ name: 'payments', labels: { team: 'payments' } })).toBeUndefined();
  });
});

describe('DEFAULT_FLEET_POLICY', () => {
  it("gives every cluster Kubernetes' defaults and no targets", () => {
    const matched = DEFAULT_FLEET_POLICY.forCluster({ identity: prodEu, tags: { environment: 'prod' } });
    expect(matched.admission).toEqual(DEFAULT_ADMISSION_CONFIG);
    expect(matched.source).toBeUndefined();
    expect(matched.targetFor({ name: 'kube-system', labels: {} })).toBeUndefined();
  });

  it('has the digest of a file with no cluster entries', () => {
    expect(DEFAULT_FLEET_POLICY.digest).toBe(policyFrom(`${HEADER}clusters: []\n`).digest);
    expect(DEFAULT_FLEET_POLICY.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
