// The drift function over snapshots the scanner wrote from a real apiserver (test/data/snapshots,
// recorded by test/integration/notify-record-snapshots.ts for the sequence in
// test/integration/notify-drift-sequence.ts).
import { describe, expect, it } from 'vitest';
import { recordedSnapshot } from '../../test/support/recorded-drift.ts';
import { diffSnapshots } from './diff-snapshots.ts';
import { FINDING_CATALOGUE, SEVERITIES } from './finding-catalogue.ts';
import { findingSchema } from './finding.ts';

const kinds = (findings: readonly { kind: string; namespace: string | null }[]): string[] => findings.map((f) => `${f.kind} ${f.namespace ?? '-'}`).sort();

describe('diffSnapshots', () => {
  it('gives a first scan a baseline and no drift noise', () => {
    const findings = diffSnapshots(undefined, recordedSnapshot('baseline'));
    expect(kinds(findings)).toEqual(['baseline -']);
    expect(findings[0]?.summary).toMatch(/^first scan: \d+ namespaces \(/);
  });

  it('gives nothing for an unchanged cluster', () => {
    expect(diffSnapshots(recordedSnapshot('fix'), recordedSnapshot('unchanged'))).toEqual([]);
    expect(diffSnapshots(recordedSnapshot('baseline'), recordedSnapshot('baseline'))).toEqual([]);
  });

  it('reports enforcement removed when a namespace is relabelled privileged, as critical', () => {
    const findings = diffSnapshots(recordedSnapshot('baseline'), recordedSnapshot('relabel'));
    const removed = findings.find((f) => f.kind === 'enforcement-removed');
    expect(removed).toMatchObject({ severity: 'critical', namespace: 'web' });
    expect(removed?.evidence.labelsBefore?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(removed?.evidence.labelsAfter?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(findings[0]?.severity).toBe('critical');
  });

  it('reports new violations in place and at the target with the workloads and the server warnings', () => {
    const findings = diffSnapshots(recordedSnapshot('relabel'), recordedSnapshot('violate'));
    expect(kinds(findings)).toContain('target-violations-new shop');
    const inPlace = findings.find((f) => f.kind === 'violations-in-place');
    expect(inPlace?.namespace).toBe('legacy');
    expect(inPlace?.evidence.workloads?.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/monolith']);
    expect(inPlace?.evidence.warnings?.[0]).toMatch(/^existing pods in namespace "legacy" violate the new PodSecurity enforce level/);
  });

  it('reports the fix as good news only', () => {
    const findings = diffSnapshots(recordedSnapshot('violate'), recordedSnapshot('fix'));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => FINDING_CATALOGUE[f.kind].goodNews)).toBe(true);
    expect(kinds(findings)).toContain('violations-resolved legacy');
  });

  it('orders findings worst first and gives every one a phone-length summary', () => {
    for (const [before, after] of [['baseline', 'relabel'], ['relabel', 'violate'], ['violate', 'fix']] as const) {
      const findings = diffSnapshots(recordedSnapshot(before), recordedSnapshot(after));
      const order = findings.map((f) => SEVERITIES.indexOf(f.severity));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const finding of findings) {
        expect(findingSchema.safeParse(finding).success).toBe(true);
        expect(finding.summary).not.toMatch(/\n/);
        expect(finding.summary.length).toBeLessThan(300);
      }
    }
  });
});
