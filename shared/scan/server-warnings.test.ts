import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION_CONFIG } from '../pss/admission/admission-config.ts';
import { evaluateNamespaceUpdate } from '../pss/admission/namespace-update.ts';
import { warningsAsReceived } from '../pss/admission/warning-headers.ts';
import type { PodUnderTest } from '../pss/pod.ts';
import { readPodSecurityWarnings } from './server-warnings.ts';

// Warnings as the namespace-update model (proven string-equal to the real apiserver) produces them.
function received(pods: PodUnderTest[], namespaceName = 'team-a'): string[] {
  const result = evaluateNamespaceUpdate({
    namespaceName,
    oldLabels: {},
    newLabels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
    pods,
    config: DEFAULT_ADMISSION_CONFIG,
  });
  if (!result.allowed) throw new Error('unexpected 422');
  return [...warningsAsReceived(result.warnings).texts];
}

const pod = (name: string, privileged: boolean, extra: Partial<NonNullable<PodUnderTest['spec']>> = {}): PodUnderTest => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged } }], ...extra },
});

describe('readPodSecurityWarnings', () => {
  it('counts the pods behind each aggregated line', () => {
    const warnings = readPodSecurityWarnings(received([pod('a', true), pod('b', true), pod('c', true, { hostNetwork: true }), pod('d', false)]));
    expect(warnings.violatedLevel).toBe('baseline:latest');
    expect(warnings.lines).toEqual([
      { pod: 'a', pods: 2, reasons: ['privileged'] },
      { pod: 'c', pods: 1, reasons: ['host namespaces', 'privileged'] },
    ]);
    expect(warnings.violatingPods).toBe(3);
    expect(warnings.incomplete).toBe(false);
  });

  it('reads "(and 1 other pod)"', () => {
    expect(readPodSecurityWarnings(received([pod('x', true), pod('y', true)])).lines).toEqual([{ pod: 'x', pods: 2, reasons: ['privileged'] }]);
  });

  it('has nothing to say about a clean namespace', () => {
    const warnings = readPodSecurityWarnings(received([pod('a', false)]));
    expect(warnings).toMatchObject({ violatedLevel: undefined, violatingPods: 0, lines: [], other: [] });
  });

  it('notices the header budget: with many long lines some arrive cut or not at all', () => {
    // 31 distinct reason sets (every combination of five baseline violations), each named by a long pod.
    const pods = Array.from({ length: 31 }, (_, i) => {
      const has = (bit: number): boolean => ((i + 1) & (1 << bit)) !== 0;
      return pod(`${'p'.repeat(200)}-${i}`, false, {
        hostNetwork: has(0),
        volumes: has(1) ? [{ name: 'h', hostPath: { path: '/' } }] : [],
        securityContext: {
          ...(has(2) ? { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } : {}),
          ...(has(3) ? { seLinuxOptions: { type: 'spc_t' } } : {}),
          ...(has(4) ? { seccompProfile: { type: 'Unconfined' } } : {}),
        },
      });
    });
    const warnings = readPodSecurityWarnings(received(pods));
    expect(warnings.incomplete).toBe(true);
    expect(warnings.violatingPods).toBeLessThan(31);
  });

  it('reads the pod limit line', () => {
    const texts = ['new PodSecurity enforce level only checked against the first 3000 of 3001 existing pods', 'existing pods in namespace "big" violate the new PodSecurity enforce level "restricted:latest"', 'a (and 2999 other pods): seccompProfile'];
    expect(readPodSecurityWarnings(texts)).toMatchObject({ checkedPods: { checked: 3000, total: 3001 }, violatingPods: 3000 });
  });

  it('keeps warnings of other plugins apart', () => {
    const texts = ['metadata.labels: deprecated label', ...received([pod('a', true)])];
    expect(readPodSecurityWarnings(texts)).toMatchObject({ other: ['metadata.labels: deprecated label'], violatingPods: 1 });
  });
});
