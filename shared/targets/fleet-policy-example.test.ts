import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION_CONFIG } from '../pss/admission/admission-config.ts';
import { LATEST, v1 } from '../pss/version.ts';
import { LOCAL } from '../fleet/cluster-identity.ts';
import { formatFleetPolicyError, parseFleetPolicy } from './parse-fleet-policy.ts';
import { FLEET_POLICY_SCHEMA_FILE_NAME } from './fleet-policy-json-schema.ts';

const EXAMPLE = 'fleet-policy.example.yaml';
const text = readFileSync(new URL(`./${EXAMPLE}`, import.meta.url), 'utf8');

function examplePolicy() {
  const parsed = parseFleetPolicy(text, EXAMPLE);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatFleetPolicyError).join('\n'));
  return parsed.policy;
}

describe(EXAMPLE, () => {
  it('parses', () => {
    const parsed = parseFleetPolicy(text, EXAMPLE);
    expect(parsed.ok ? [] : parsed.errors.map(formatFleetPolicyError)).toEqual([]);
  });

  it('points editors at the committed JSON Schema', () => {
    expect(text.split('\n', 1)[0]).toBe(`# yaml-language-server: $schema=./${FLEET_POLICY_SCHEMA_FILE_NAME}`);
  });

  it('says what its comments say: production clusters', () => {
    const prod = examplePolicy().forCluster({ identity: { account: '444455556666', region: 'eu-central-1', name: 'prod-payments' } });
    expect(prod.source).toBe('clusters[0]');
    expect(prod.admission.defaults.audit).toEqual({ level: 'baseline', version: LATEST });
    expect(prod.admission.exemptions.namespaces).toEqual(['kube-system']);
    expect(prod.targetFor({ name: 'amazon-cloudwatch', labels: {} })).toMatchObject({ allowPrivileged: true, target: undefined });
    expect(prod.targetFor({ name: 'shop', labels: { 'psa.example.com/tier': 'legacy', team: 'search' } })?.target).toEqual({ level: 'baseline', version: v1(30) });
    // Legacy but payments: the NotIn requirement fails, and the catch-all applies.
    expect(prod.targetFor({ name: 'pay', labels: { 'psa.example.com/tier': 'legacy', team: 'payments' } })?.source).toBe('clusters[0].namespaces[3]');
    expect(prod.targetFor({ name: 'own', labels: { 'psa.example.com/self-managed': 'true' } })).toEqual({
      target: undefined,
      allowPrivileged: false,
      source: 'clusters[0].namespaces[2]',
    });
    expect(prod.targetFor({ name: 'web', labels: {} })?.target).toEqual({ level: 'restricted', version: v1(30) });
  });

  it('says what its comments say: staging by tags, local clusters, and the rest', () => {
    const policy = examplePolicy();
    const staging = policy.forCluster({ identity: { account: '777788889999', region: 'us-east-1', name: 'stg' }, tags: { environment: 'staging' } });
    expect(staging.source).toBe('clusters[1]');
    expect(staging.admission).toEqual(DEFAULT_ADMISSION_CONFIG);
    expect(policy.forCluster({ identity: { account: LOCAL, region: LOCAL, name: 'kind-kind' } }).source).toBe('clusters[2]');
    // A production name outside the EU falls through to the catch-all.
    const other = policy.forCluster({ identity: { account: '111122223333', region: 'us-east-1', name: 'prod-a' } });
    expect(other.source).toBe('clusters[3]');
    expect(other.admission).toEqual(DEFAULT_ADMISSION_CONFIG);
    expect(other.targetFor({ name: 'web', labels: {} })).toBeUndefined();
  });
});
