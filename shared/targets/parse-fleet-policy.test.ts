import { describe, expect, it } from 'vitest';
import { formatPath, parseFleetPolicy } from './parse-fleet-policy.ts';
import { HEADER, errorsOf } from './fleet-policy.test-support.ts';

/** A document whose first cluster entry is `entry` (indented as written under `clusters:`). */
function withEntry(entry: string): string {
  return `${HEADER}clusters:\n${entry}`;
}

describe('parseFleetPolicy: accepted documents', () => {
  it('accepts the smallest policy', () => {
    expect(parseFleetPolicy(`${HEADER}clusters: []\n`, 'p.yaml').ok).toBe(true);
  });

  it('accepts JSON, which is YAML', () => {
    expect(parseFleetPolicy('{"apiVersion": "psa-fleet-scanner/v1", "kind": "FleetPolicy", "clusters": [{"match": {}}]}', 'p.json').ok).toBe(true);
  });

  it('follows anchors and aliases', () => {
    const text = withEntry(`  - match: { names: [a] }
    namespaces: &rules
      - match: {}
        target: { level: restricted, version: v1.30 }
  - match: { names: [b] }
    namespaces: *rules
`);
    const parsed = parseFleetPolicy(text, 'p.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    const target = parsed.policy.forCluster({ identity: { account: 'local', region: 'local', name: 'b' } }).targetFor({ name: 'x', labels: {} });
    expect(target?.source).toBe('clusters[1].namespaces[0]');
    expect(target?.target?.level).toBe('restricted');
  });
});

describe('parseFleetPolicy: errors name the file, line:column, path and what is wrong', () => {
  it('YAML syntax', () => {
    expect(errorsOf('apiVersion: [psa-fleet-scanner/v1\nkind: FleetPolicy\n', 'fleet.yaml')).toEqual([
      'fleet.yaml:2:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('more than one document', () => {
    expect(errorsOf(`${HEADER}clusters: []\n---\n${HEADER}clusters: []\n`)).toEqual(['policy.yaml:4:1: YAML: the file must hold one document; another one starts here']);
  });

  it('an empty file', () => {
    const expected = 'policy.yaml:1:1: the file holds no document: expected a FleetPolicy (apiVersion: psa-fleet-scanner/v1, kind: FleetPolicy, clusters: [...])';
    expect(errorsOf('')).toEqual([expected]);
    expect(errorsOf('# nothing yet\n')).toEqual([expected]);
  });

  it('a repeated key, at the repeat, with where the first one is', () => {
    expect(errorsOf(`${HEADER}clusters: []\nkind: FleetPolicy\n`)).toEqual(['policy.yaml:4:1: kind: duplicate key "kind" (first at 2:1)']);
    expect(errorsOf(withEntry('  - match: { tags: { env: prod, env: dev } }\n'))).toEqual([
      'policy.yaml:4:33: clusters[0].match.tags[env]: duplicate key "env" (first at 4:22)',
    ]);
  });

  it('a key that is not text', () => {
    expect(errorsOf(withEntry('  - match: { tags: { 1: a } }\n'))).toEqual([
      'policy.yaml:4:22: clusters[0].match.tags: a key must be plain text (a map, list, number, boolean or null cannot be a key; quote it)',
    ]);
  });

  it('an alias to an anchor that is not defined', () => {
    expect(errorsOf(withEntry('  - match: *nowhere\n'))).toEqual([
      'policy.yaml:1:1: YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
    ]);
  });

  it('unknown fields, each at its key', () => {
    expect(errorsOf(`${HEADER}clusters:\n  - match: {}\n    namespace: []\n    podSecurity: { default: {} }\nspec: {}\n`)).toEqual([
      'policy.yaml:5:5: clusters[0].namespace: unknown field "namespace"',
      'policy.yaml:6:20: clusters[0].podSecurity.default: unknown field "default"',
      'policy.yaml:7:1: spec: unknown field "spec"',
    ]);
  });

  it('an unknown field beside a refused value: one error each', () => {
    expect(errorsOf(withEntry('  - match: {}\n    podSecurity: { exemptions: { namespace: [a], namespaces: [A] } }\n'))).toEqual([
      'policy.yaml:5:34: clusters[0].podSecurity.exemptions.namespace: unknown field "namespace"',
      "policy.yaml:5:63: clusters[0].podSecurity.exemptions.namespaces[0]: Invalid value: \"A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('a flat label map where a label selector belongs, with a hint', () => {
    expect(errorsOf(withEntry('  - match: {}\n    namespaces:\n      - match: { labels: { team: a } }\n'))).toEqual([
      'policy.yaml:6:28: clusters[0].namespaces[0].match.labels.team: unknown field "team" (a label selector has matchLabels and matchExpressions)',
    ]);
  });

  it('missing fields, at the map that lacks them', () => {
    expect(errorsOf('clusters:\n  - namespaces: []\n')).toEqual([
      'policy.yaml:1:1: apiVersion: Required value',
      'policy.yaml:1:1: kind: Required value',
      'policy.yaml:2:5: clusters[0].match: Required value',
    ]);
    expect(errorsOf(withEntry('  - match: {}\n    namespaces:\n      - match: {}\n        target: { level: restricted }\n'))).toEqual([
      'policy.yaml:7:17: clusters[0].namespaces[0].target.version: Required value',
    ]);
  });

  it('wrong types, with a hint for bare numbers', () => {
    expect(
      errorsOf(
        withEntry(`  - match:
      accounts: [111122223333]
      names: prod
    namespaces:
      - match: {}
        allowPrivileged: "true"
        target:
`),
      ),
    ).toEqual([
      'policy.yaml:5:18: clusters[0].match.accounts[0]: Invalid type: expected string, got number (quote it to make it text)',
      'policy.yaml:6:14: clusters[0].match.names: Invalid type: expected list, got string',
      'policy.yaml:9:26: clusters[0].namespaces[0].allowPrivileged: Invalid type: expected boolean, got string',
      'policy.yaml:10:9: clusters[0].namespaces[0].target: Invalid type: expected map, got null',
    ]);
    expect(errorsOf('- a\n')).toEqual(['policy.yaml:1:1: Invalid type: expected map, got list']);
  });

  it('YAML 1.2: yes is text, not a boolean', () => {
    expect(errorsOf(withEntry('  - match: {}\n    namespaces:\n      - match: {}\n        allowPrivileged: yes\n'))).toEqual([
      'policy.yaml:7:26: clusters[0].namespaces[0].allowPrivileged: Invalid type: expected boolean, got string',
    ]);
  });

  it('unsupported apiVersion and kind', () => {
    expect(errorsOf('apiVersion: psa-fleet-scanner/v2\nkind: Policy\nclusters: []\n')).toEqual([
      'policy.yaml:1:13: apiVersion: Unsupported value: "psa-fleet-scanner/v2": supported values: "psa-fleet-scanner/v1"',
      'policy.yaml:2:7: kind: Unsupported value: "Policy": supported values: "FleetPolicy"',
    ]);
  });

  it('levels and versions, with the apiserver words', () => {
    expect(
      errorsOf(
        withEntry(`  - match: {}
    podSecurity:
      defaults: { enforce: strict, audit-version: "1.30", warn-version: v1.030 }
    namespaces:
      - match: {}
        target: { level: Restricted, version: v1.x }
`),
      ),
    ).toEqual([
      'policy.yaml:6:28: clusters[0].podSecurity.defaults.enforce: Invalid value: "strict": must be one of privileged, baseline, restricted',
      'policy.yaml:6:51: clusters[0].podSecurity.defaults.audit-version: Invalid value: "1.30": must be "latest" or "v1.x"',
      'policy.yaml:6:73: clusters[0].podSecurity.defaults.warn-version: Invalid value: "v1.030": must be "latest" or "v1.x"',
      'policy.yaml:9:26: clusters[0].namespaces[0].target.level: Invalid value: "Restricted": must be one of privileged, baseline, restricted',
      'policy.yaml:9:47: clusters[0].namespaces[0].target.version: Invalid value: "v1.x": must be "latest" or "v1.x"',
    ]);
  });

  it('exemptions, validated as the PodSecurity plugin does', () => {
    expect(errorsOf(withEntry('  - match: {}\n    podSecurity:\n      exemptions: { namespaces: [kube.system, a, a], runtimeClasses: [Kata], usernames: [""] }\n'))).toEqual([
      'policy.yaml:6:34: clusters[0].podSecurity.exemptions.namespaces[0]: Invalid value: "kube.system": must not contain dots',
      'policy.yaml:6:50: clusters[0].podSecurity.exemptions.namespaces[2]: Duplicate value: "a"',
      "policy.yaml:6:71: clusters[0].podSecurity.exemptions.runtimeClasses[0]: Invalid value: \"Kata\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'policy.yaml:6:90: clusters[0].podSecurity.exemptions.usernames[0]: Invalid value: "": username must not be empty',
    ]);
  });

  it('globs: empty lists and values that cannot be a name', () => {
    expect(
      errorsOf(
        withEntry(`  - match: { names: [], accounts: ["1234"], regions: [EU-West-1] }
    namespaces:
      - match: { names: ["Kube-*"] }
`),
      ),
    ).toEqual([
      'policy.yaml:4:21: clusters[0].match.names: must list at least one glob; leave the field out to match every cluster name',
      'policy.yaml:4:36: clusters[0].match.accounts[0]: Invalid value: "1234": must be a 12-digit AWS account ID, "local" (a kubeconfig cluster), or a glob of digits with * and ?',
      'policy.yaml:4:55: clusters[0].match.regions[0]: Invalid value: "EU-West-1": must be an AWS region (e.g. eu-west-1), "local" (a kubeconfig cluster), or a glob of lower-case letters, digits and - with * and ?',
      'policy.yaml:6:26: clusters[0].namespaces[0].match.names[0]: Invalid value: "Kube-*": must be a namespace name (lower-case letters, digits and -, at most 63) or a glob of one with * and ?',
    ]);
  });

  it('label selectors, validated as Kubernetes does', () => {
    expect(
      errorsOf(
        withEntry(`  - match: {}
    namespaces:
      - match:
          labels:
            matchLabels: { "a/b/c": x, team: "pay ments" }
            matchExpressions:
              - { key: team, operator: In }
              - { key: team, operator: NotIn, values: [] }
              - { key: team, operator: Exists, values: [a] }
              - { key: team, operator: Equals, values: [a] }
              - { key: team }
`),
      ),
    ).toEqual([
      "policy.yaml:8:28: clusters[0].namespaces[0].match.labels.matchLabels[a/b/c]: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      "policy.yaml:8:46: clusters[0].namespaces[0].match.labels.matchLabels[team]: Invalid value: \"pay ments\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "policy.yaml:10:17: clusters[0].namespaces[0].match.labels.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "policy.yaml:11:55: clusters[0].namespaces[0].match.labels.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "policy.yaml:12:56: clusters[0].namespaces[0].match.labels.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'policy.yaml:13:40: clusters[0].namespaces[0].match.labels.matchExpressions[3].operator: Unsupported value: "Equals": supported values: "In", "NotIn", "Exists", "DoesNotExist"',
      'policy.yaml:14:17: clusters[0].namespaces[0].match.labels.matchExpressions[4].operator: Required value: supported values: "In", "NotIn", "Exists", "DoesNotExist"',
    ]);
  });

  it('contradictory rules (cross-field)', () => {
    const text = withEntry(`  - match: {}
    namespaces:
      - match: { names: [a] }
        allowPrivileged: true
        target: { level: baseline, version: latest }
      - match: { names: [b] }
        allowPrivileged: false
        target: { level: privileged, version: latest }
`);
    expect(errorsOf(text)).toEqual([
      'policy.yaml:7:26: clusters[0].namespaces[0].allowPrivileged: contradicts target.level "baseline": a namespace allowed to stay privileged has no stricter target (remove one of the two)',
      'policy.yaml:10:26: clusters[0].namespaces[1].allowPrivileged: contradicts target.level "privileged": a privileged target allows privileged (remove allowPrivileged, or choose a stricter level)',
    ]);
    const parsed = parseFleetPolicy(text, 'policy.yaml');
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.kind)).toEqual(['cross-field', 'cross-field']);
  });

  it('entries after a catch-all are unreachable (cross-field)', () => {
    expect(
      errorsOf(
        withEntry(`  - match: { tags: {} }
    namespaces:
      - match: { labels: { matchLabels: {} } }
      - match: { names: [a] }
  - match: { names: [prod] }
  - match: {}
`),
      ),
    ).toEqual([
      'policy.yaml:7:9: clusters[0].namespaces[1]: unreachable: the entry at index 0 has an empty match and matches every namespace first',
      'policy.yaml:8:5: clusters[1]: unreachable: the entry at index 0 has an empty match and matches every cluster first',
      'policy.yaml:9:5: clusters[2]: unreachable: the entry at index 0 has an empty match and matches every cluster first',
    ]);
  });

  it('reports every error at once, in the order of the file, with its kind', () => {
    const parsed = parseFleetPolicy(
      `kind: FleetPolicy
apiVersion: psa-fleet-scanner/v1
clusters:
  - match: { names: [a], names: [b] }
    namespaces:
      - match: { names: [x] }
        target: { level: restricted, version: v1.30, extra: 1 }
        allowPrivileged: true
  - match: { regions: [Eu] }
`,
      'p.yaml',
    );
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { file: 'p.yaml', line: 4, column: 26, path: 'clusters[0].match.names', message: 'duplicate key "names" (first at 4:14)', kind: 'yaml' },
      { file: 'p.yaml', line: 7, column: 54, path: 'clusters[0].namespaces[0].target.extra', message: 'unknown field "extra"', kind: 'schema' },
      {
        file: 'p.yaml',
        line: 8,
        column: 26,
        path: 'clusters[0].namespaces[0].allowPrivileged',
        message: 'contradicts target.level "restricted": a namespace allowed to stay privileged has no stricter target (remove one of the two)',
        kind: 'cross-field',
      },
      {
        file: 'p.yaml',
        line: 9,
        column: 24,
        path: 'clusters[1].match.regions[0]',
        message:
          'Invalid value: "Eu": must be an AWS region (e.g. eu-west-1), "local" (a kubeconfig cluster), or a glob of lower-case letters, digits and - with * and ?',
        kind: 'schema',
      },
    ]);
  });
});

describe('formatPath', () => {
  it('writes indexes and user-chosen map keys in brackets', () => {
    expect(formatPath(['clusters', 0, 'namespaces', 1, 'target', 'level'])).toBe('clusters[0].namespaces[1].target.level');
    expect(formatPath(['clusters', 0, 'match', 'tags', 'kubernetes.io/cluster'])).toBe('clusters[0].match.tags[kubernetes.io/cluster]');
    expect(formatPath([])).toBe('');
  });
});
