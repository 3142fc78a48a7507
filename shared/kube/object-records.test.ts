// Records from wire JSON: specs and templates are the server's own objects, the rest is checked.
import { describe, expect, it } from 'vitest';
import { MalformedObjectError } from './read-answer.ts';
import { namespaceRecord, podRecord, workloadRecord } from './object-records.ts';

const TEMPLATE = { metadata: { labels: { app: 'web' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }, spec: { containers: [{ name: 'app', image: 'x' }] } };
const META = { name: 'web', namespace: 'team-a', uid: 'u-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }] };

describe('workloadRecord', () => {
  it('takes the template of a Deployment as it is, with its replicas', () => {
    const object = { metadata: META, spec: { replicas: 0, template: TEMPLATE } };
    const record = workloadRecord('Deployment', object, 'items[0]');
    expect(record).toEqual({ kind: 'Deployment', name: 'web', namespace: 'team-a', uid: 'u-1', ownerReferences: META.ownerReferences, replicas: 0, template: TEMPLATE });
    expect(record.template).toBe(object.spec.template);
  });

  it("takes a CronJob's template from its job template, and whether it is suspended", () => {
    const record = workloadRecord('CronJob', { metadata: META, spec: { suspend: true, jobTemplate: { spec: { template: TEMPLATE } } } }, 'items[0]');
    expect(record).toMatchObject({ kind: 'CronJob', suspended: true, template: TEMPLATE });
    expect(record).not.toHaveProperty('replicas');
  });

  it('says a Job is not suspended when suspend is absent, and gives a DaemonSet neither field', () => {
    expect(workloadRecord('Job', { metadata: META, spec: { template: TEMPLATE } }, 'x')).toMatchObject({ suspended: false });
    const daemonSet = workloadRecord('DaemonSet', { metadata: META, spec: { template: TEMPLATE } }, 'x');
    expect(daemonSet).not.toHaveProperty('replicas');
    expect(daemonSet).not.toHaveProperty('suspended');
  });

  it('names the missing template by its path', () => {
    expect(() => workloadRecord('CronJob', { metadata: META, spec: { jobTemplate: { spec: {} } } }, 'items[4]')).toThrow(
      new MalformedObjectError('items[4].spec.jobTemplate.spec.template', 'is not an object'),
    );
    expect(() => workloadRecord('ReplicationController', { metadata: META, spec: { replicas: '2', template: TEMPLATE } }, 'items[1]')).toThrow(
      /^items\[1\]\.spec\.replicas is not an integer$/,
    );
  });
});

describe('podRecord', () => {
  it('keeps the spec object and the metadata PodSecurity reads', () => {
    const spec = { containers: [{ name: 'app', image: 'x', securityContext: { privileged: true } }], futureField: { kept: true } };
    const object = {
      metadata: { ...META, labels: { a: 'b' }, annotations: {}, creationTimestamp: '2026-11-29T05:00:00Z', resourceVersion: '1', managedFields: [{}] },
      spec,
      status: { phase: 'Running' },
    };
    const record = podRecord(object, 'items[0]');
    expect(record.spec).toBe(spec);
    expect(record.metadata).toEqual({ ...META, labels: { a: 'b' }, annotations: {}, creationTimestamp: '2026-11-29T05:00:00Z' });
    expect(record.phase).toBe('Running');
  });

  it('refuses a pod without namespace or with a label that is not a string', () => {
    expect(() => podRecord({ metadata: { name: 'p', uid: 'u' }, spec: {} }, 'items[2]')).toThrow(/^items\[2\]\.metadata\.namespace is not a non-empty string$/);
    expect(() => podRecord({ metadata: { ...META, labels: { a: 1 } }, spec: {} }, 'items[0]')).toThrow(/^items\[0\]\.metadata\.labels\["a"\] is not a string$/);
  });
});

describe('namespaceRecord', () => {
  it('reads name, uid, labels and phase', () => {
    expect(namespaceRecord({ metadata: { name: 'team-a', uid: 'n-1', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } }, status: { phase: 'Terminating' } }, 'items[0]')).toEqual({
      name: 'team-a',
      uid: 'n-1',
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
      phase: 'Terminating',
    });
    expect(namespaceRecord({ metadata: { name: 'b', uid: 'n-2' } }, 'items[1]')).toEqual({ name: 'b', uid: 'n-2', labels: {}, phase: 'Active' });
  });
});
