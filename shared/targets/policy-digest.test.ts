import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './policy-digest.ts';
import { HEADER, policyFrom } from './fleet-policy.test-support.ts';

const BASE = `${HEADER}clusters:
  - match: { names: ["prod-*", "live-*"], accounts: ["111122223333"], tags: { env: prod, team: platform } }
    podSecurity:
      defaults: { enforce: baseline, enforce-version: v1.30 }
      exemptions: { namespaces: [kube-system, istio-system], usernames: [admin] }
    namespaces:
      - match: { names: ["kube-*"] }
        allowPrivileged: true
      - match: { labels: { matchLabels: { tier: web }, matchExpressions: [{ key: team, operator: In, values: [a, b] }, { key: legacy, operator: DoesNotExist }] } }
        target: { level: restricted, version: v1.30 }
      - match: {}
        target: { level: privileged, version: latest }
  - match: {}
`;

function digestOf(text: string): string {
  return policyFrom(text).digest;
}

describe('FleetPolicy.digest', () => {
  it('is the same for the same policy written differently', () => {
    const rewritten = `# the same policy, reordered, restyled and with defaults spelt out
kind: FleetPolicy
clusters:
  - podSecurity:
      exemptions:
        usernames: ["admin"]
        namespaces: [istio-system, kube-system]   # order of a set
        runtimeClasses: []
      defaults:
        enforce-version: "v1.30"
        enforce: 'baseline'
        audit: privileged
        audit-version: latest
        warn: privileged
    namespaces:
      - allowPrivileged: true
        match:
          names: ["kube-*", "kube-*"]
      - target: { version: v1.30, level: restricted }
        allowPrivileged: false
        match:
          labels:
            matchExpressions:
              - { operator: DoesNotExist, key: legacy, values: [] }
              - { key: team, operator: In, values: [b, a, b] }
            matchLabels: { tier: web }
      - match: { labels: {} }
        target: { level: privileged, version: latest }
        allowPrivileged: true
    match:
      tags: { team: platform, env: prod }
      accounts: ["111122223333"]
      names: ["live-*", "prod-*"]
  - match: { tags: {} }
    podSecurity: {}
    namespaces: []
apiVersion: psa-fleet-scanner/v1
`;
    expect(digestOf(rewritten)).toBe(digestOf(BASE));
  });

  it.each([
    ['a level', 'target: { level: restricted, version: v1.30 }', 'target: { level: baseline, version: v1.30 }'],
    ['a version', 'target: { level: restricted, version: v1.30 }', 'target: { level: restricted, version: v1.31 }'],
    ['a PodSecurity default', 'enforce-version: v1.30 }', 'enforce-version: latest }'],
    ['an exemption', 'usernames: [admin]', 'usernames: [admin, ops]'],
    ['a glob', '"live-*"', '"live-?"'],
    ['a tag value', 'team: platform', 'team: platforms'],
    ['a selector operator', 'operator: In, values: [a, b]', 'operator: NotIn, values: [a, b]'],
    ['allowPrivileged', 'allowPrivileged: true', 'allowPrivileged: false'],
  ])('changes when %s changes', (_what, from, to) => {
    expect(BASE).toContain(from);
    expect(digestOf(BASE.replace(from, to))).not.toBe(digestOf(BASE));
  });

  it('changes when the order of rules changes (the first match wins)', () => {
    const two = (first: string, second: string) =>
      `${HEADER}clusters:\n  - match: {}\n    namespaces:\n      - match: { names: [${first}] }\n        allowPrivileged: true\n      - match: { names: [${second}] }\n`;
    expect(digestOf(two('a', 'b'))).not.toBe(digestOf(two('b', 'a')));
  });

  it('is SHA-256 of this canonical JSON (pinned: a change here changes every stored digest)', () => {
    const text = `${HEADER}clusters:\n  - match: { regions: [eu-*] }\n    namespaces:\n      - match: { names: [web] }\n        target: { level: restricted, version: v1.30 }\n`;
    const canonical =
      '{"apiVersion":"psa-fleet-scanner/v1","clusters":[{"match":{"regions":["eu-*"]},"namespaces":[{"allowPrivileged":false,"match":{"names":["web"]},"target":"restricted:v1.30"}],' +
      '"podSecurity":{"defaults":{"audit":"privileged","audit-version":"latest","enforce":"privileged","enforce-version":"latest","warn":"privileged","warn-version":"latest"},' +
      '"exemptions":{"namespaces":[],"runtimeClasses":[],"usernames":[]}}}],"kind":"FleetPolicy"}';
    expect(digestOf(text)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: [{ d: '1', c: null }], a: true, z: undefined })).toBe('{"a":true,"b":[{"c":null,"d":"1"}]}');
  });
});
