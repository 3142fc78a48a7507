import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json-value.ts';
import type { ManifestObject } from './manifest-objects.ts';
import { extractPodTemplate } from './pod-template.ts';

const templateMetadata = { labels: { app: 'web' }, annotations: { team: 'shop' } };
const templateSpec = { hostNetwork: true, containers: [{ name: 'app', image: 'app:1' }] };
const template = { metadata: templateMetadata, spec: templateSpec };

function object(apiVersion: string | null, kind: string, body: JsonObject): ManifestObject {
  return { index: 0, item: null, line: 1, apiVersion, kind, namespace: 'ns', name: 'x', body: { apiVersion, kind, ...body } };
}

describe('extractPodTemplate', () => {
  it('evaluates a Pod by its own metadata and spec', () => {
    const pod = object('v1', 'Pod', { metadata: { name: 'x', annotations: { a: 'b' } }, spec: templateSpec });

    expect(extractPodTemplate(pod)).toEqual({
      outcome: 'pod',
      pod: { metadata: { name: 'x', annotations: { a: 'b' } }, spec: templateSpec },
    });
  });

  it.each([
    ['v1', 'PodTemplate', { template }],
    ['v1', 'ReplicationController', { spec: { replicas: 1, template } }],
    ['apps/v1', 'ReplicaSet', { spec: { template } }],
    ['apps/v1', 'Deployment', { spec: { template } }],
    ['apps/v1', 'DaemonSet', { spec: { template } }],
    ['apps/v1', 'StatefulSet', { spec: { template } }],
    ['batch/v1', 'Job', { spec: { template } }],
    ['batch/v1', 'CronJob', { spec: { schedule: '@daily', jobTemplate: { spec: { template } } } }],
  ])('evaluates the pod template of a %s %s, not the object around it', (apiVersion, kind, body) => {
    const extraction = extractPodTemplate(object(apiVersion, kind, { metadata: { name: 'outer' }, ...body }));

    expect(extraction).toEqual({ outcome: 'pod', pod: { metadata: templateMetadata, spec: templateSpec } });
  });

  it('evaluates an older apiVersion of a group PodSecurity knows (batch/v1beta1 CronJob)', () => {
    const cronJob = object('batch/v1beta1', 'CronJob', { spec: { jobTemplate: { spec: { template } } } });

    expect(extractPodTemplate(cronJob)).toMatchObject({ outcome: 'pod' });
  });

  it('evaluates by kind alone when the manifest has no apiVersion', () => {
    expect(extractPodTemplate(object(null, 'Deployment', { spec: { template } }))).toMatchObject({ outcome: 'pod' });
  });

  it('evaluates a missing template as an empty pod, as Go decodes a missing struct', () => {
    expect(extractPodTemplate(object('apps/v1', 'Deployment', { spec: { replicas: 0 } }))).toEqual({
      outcome: 'pod',
      pod: { metadata: {}, spec: {} },
    });
    expect(extractPodTemplate(object('batch/v1', 'CronJob', { spec: null }))).toEqual({
      outcome: 'pod',
      pod: { metadata: {}, spec: {} },
    });
  });

  it('applies the apiserver defaults PodSecurity sees: Pods get host ports on the host network, templates do not', () => {
    const spec = { hostNetwork: true, containers: [{ name: 'dns', ports: [{ containerPort: 53 }] }], volumes: [{ name: 'tmp' }] };

    expect(extractPodTemplate(object('v1', 'Pod', { spec }))).toMatchObject({
      pod: { spec: { containers: [{ ports: [{ containerPort: 53, hostPort: 53 }] }], volumes: [{ name: 'tmp', emptyDir: {} }] } },
    });
    expect(extractPodTemplate(object('apps/v1', 'DaemonSet', { spec: { template: { spec } } }))).toEqual({
      outcome: 'pod',
      pod: { metadata: {}, spec: { ...spec, volumes: [{ name: 'tmp', emptyDir: {} }] } },
    });
  });

  it('skips a ReplicationController without a template, as PodSecurity does (its template is a pointer)', () => {
    expect(extractPodTemplate(object('v1', 'ReplicationController', { spec: { replicas: 0 } }))).toEqual({
      outcome: 'not-applicable',
      reason: 'spec.template is not set, so PodSecurity skips it',
    });
  });

  it('finds nothing to evaluate in a kind without a pod template', () => {
    expect(extractPodTemplate(object('v1', 'Service', { spec: { template } }))).toEqual({
      outcome: 'not-applicable',
      reason: 'Service has no pod template',
    });
  });

  it('leaves a custom resource that borrows a built-in kind name alone', () => {
    expect(extractPodTemplate(object('batch.volcano.sh/v1alpha1', 'Job', { spec: { template } }))).toEqual({
      outcome: 'not-applicable',
      reason: 'batch.volcano.sh/v1alpha1 Job is not a kind PodSecurity evaluates',
    });
  });

  it('drops null fields, which Go decodes as absent', () => {
    const pod = object('v1', 'Pod', { spec: { securityContext: null, containers: [{ name: 'a', securityContext: null }] } });

    expect(extractPodTemplate(pod)).toEqual({
      outcome: 'pod',
      pod: { metadata: {}, spec: { containers: [{ name: 'a' }] } },
    });
  });

  it('keeps a `__proto__` key as data when it drops a null after it, as JSON.parse does', () => {
    const spec = JSON.parse('{"__proto__": {"hostNetwork": true}, "hostPID": null, "containers": [{"name": "a"}]}') as JsonObject;

    const extracted = extractPodTemplate(object('v1', 'Pod', { spec }));

    const cleaned = extracted.outcome === 'pod' ? (extracted.pod.spec as unknown as JsonObject) : {};
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(cleaned['hostNetwork']).toBeUndefined();
    expect(Object.keys(cleaned)).toEqual(['__proto__', 'containers']);
  });

  it.each([
    ['a template that is a string', object('apps/v1', 'Deployment', { spec: { template: 'web' } }), 'spec.template must be an object, found a string'],
    ['a CronJob jobTemplate that is a list', object('batch/v1', 'CronJob', { spec: { jobTemplate: [] } }), 'spec.jobTemplate must be an object, found a list'],
    ['a template spec that is a number', object('v1', 'PodTemplate', { template: { spec: 1 } }), 'template.spec must be an object, found a number'],
    ['a Pod spec that is a string', object('v1', 'Pod', { spec: 'x' }), 'spec must be an object, found a string'],
    ['containers that are a string', object('v1', 'Pod', { spec: { containers: 'app' } }), 'spec.containers must be a list, found a string'],
    [
      'a container that is not an object',
      object('apps/v1', 'DaemonSet', { spec: { template: { spec: { initContainers: [{}, 'x'] } } } }),
      'spec.template.spec.initContainers[1] must be an object, found a string',
    ],
    [
      'capabilities.drop written as a string',
      object('v1', 'Pod', { spec: { containers: [{ securityContext: { capabilities: { drop: 'ALL' } } }] } }),
      'spec.containers[0].securityContext.capabilities.drop must be a list, found a string',
    ],
    [
      'a pod securityContext that is a list',
      object('v1', 'Pod', { spec: { securityContext: [] } }),
      'spec.securityContext must be an object, found a list',
    ],
    [
      'a seccompProfile that is a string',
      object('v1', 'Pod', { spec: { ephemeralContainers: [{ securityContext: { seccompProfile: 'RuntimeDefault' } }] } }),
      'spec.ephemeralContainers[0].securityContext.seccompProfile must be an object, found a string',
    ],
    ['sysctls that are an object', object('v1', 'Pod', { spec: { securityContext: { sysctls: { a: 1 } } } }), 'spec.securityContext.sysctls must be a list, found an object'],
    ['volumes that hold a string', object('v1', 'Pod', { spec: { volumes: ['data'] } }), 'spec.volumes[0] must be an object, found a string'],
    ['ports that are a number', object('v1', 'Pod', { spec: { containers: [{ ports: 80 }] } }), 'spec.containers[0].ports must be a list, found a number'],
    ['annotations that are a list', object('v1', 'PodTemplate', { template: { metadata: { annotations: [] } } }), 'template.metadata.annotations must be an object, found a list'],
  ])('refuses %s, which the apiserver could not decode', (_case, manifest, message) => {
    expect(extractPodTemplate(manifest)).toEqual({ outcome: 'invalid', message });
  });
});
