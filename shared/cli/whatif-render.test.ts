import { describe, expect, it } from 'vitest';
import { LATEST, v1 } from '../pss/version.ts';
import { assessUpgrade } from '../whatif/assess-upgrade.ts';
import { admissionConfig, barePod, BASELINE_SPEC, clusterPolicy, cronJob, deployment, HOST_PROBE_SPEC, inventory, namespace, PRIVILEGED_HOST_PROBE_SPEC, snapshotOf } from '../whatif/what-if.test-support.ts';
import { renderWhatIfText } from './whatif-render.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const read = inventory(
  24,
  [
    cronJob(deployment(namespace('shop', { [ENFORCE]: 'baseline' }), 'api', 2, HOST_PROBE_SPEC), 'export', HOST_PROBE_SPEC, true),
    barePod(namespace('legacy', { [ENFORCE]: 'baseline' }), 'debug', PRIVILEGED_HOST_PROBE_SPEC),
    deployment(namespace('payments'), 'api', 2, BASELINE_SPEC),
    namespace('kube-system'),
    barePod(namespace('evil\nnothing would be newly rejected', { [ENFORCE]: 'baseline' }), 'x', HOST_PROBE_SPEC),
  ],
  { served: true, names: ['eks.privileged'] },
);
const policy = clusterPolicy(admissionConfig(), {
  payments: { target: { level: 'restricted', version: LATEST }, allowPrivileged: false, source: 'clusters[0].namespaces[1]' },
  'kube-system': { target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' },
});
const render = (to: number): string =>
  renderWhatIfText(assessUpgrade({ snapshot: snapshotOf(read), inventory: read, policy, upgradeTo: v1(to), requestId: null, finishedAt: '2026-11-29T04:43:10.000Z' }));

describe('psa-scan whatif text', () => {
  const text = render(37);
  const lines = text.split('\n');

  it('heads with the cluster, the upgrade and the outcome, and ends with the verdict', () => {
    expect(lines[0]).toBe('111122223333/eu-west-1/prod  v1.24.2 -> v1.37  complete');
    expect(lines.at(-2)).toBe('3 workloads would be newly rejected after the upgrade to v1.37');
  });

  it('lists each moving namespace with the checks that change', () => {
    expect(text).toMatch(/^ {4}shop {2,}baseline:latest {2,}baseline:v1\.24 -> baseline:v1\.37 {2,}\+hostProbesAndHostLifecycle \(v1\.34\), procMount v1\.0->v1\.35, seLinuxOptions v1\.0->v1\.31, sysctls v1\.0->v1\.37$/m);
  });

  it('names each newly rejected workload with its pods, template and violation', () => {
    expect(text).toContain(
      [
        '    shop  CronJob/export  template (suspended)',
        '      hostProbesAndHostLifecycle: probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")',
        '    shop  Deployment/api  2 pods + template',
        '      pods: api-7d4b9c8f6-0, api-7d4b9c8f6-1',
        '      hostProbesAndHostLifecycle: probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")',
      ].join('\n'),
    );
    expect(text).toContain('  already violating today, not counted as new (psa-scan scan reports them): legacy (1 pod)');
  });

  it('lists the namespaces only PodSecurityPolicy protects, with the verdict at their target', () => {
    expect(text).toContain('  PodSecurityPolicy: served, 1 policy (eks.privileged); gone from v1.25, so the upgrade to v1.37 removes it');
    expect(text).toMatch(/^ {4}payments {2,}no enforce label {2}target restricted:latest \(as restricted:v1\.37\): 2 pods and 1 template would be rejected \(Deployment\/api\)$/m);
    expect(text).toMatch(/^ {4}kube-system {2,}no enforce label {2}allowed unprotected \(fleet policy\)$/m);
  });

  it('escapes names from the cluster, so none can forge a line', () => {
    expect(lines.filter((line) => line.startsWith('nothing would be newly rejected'))).toEqual([]);
    expect(text).toContain('evil\\u000anothing would be newly rejected');
  });

  it('says plainly when the target is newer than the checks it knows', () => {
    expect(render(40).split('\n')[1]).toMatch(/^ {2}NOTE: v1\.40 is newer than the newest Kubernetes version whose Pod Security checks this scanner knows \(v1\.37\)/);
  });
});
