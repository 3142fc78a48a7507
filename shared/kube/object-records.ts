// The reader's records from the objects of a list answer, as parsed from the wire JSON. Pod specs
// and pod templates are passed on exactly as the apiserver sent them (same objects, no copy): the
// offline Pod Security engine must read the pod the server evaluates, field for field.
import type { NamespaceRecord, PodRecord, WorkloadKind, WorkloadRecord } from '../scan/cluster-reader.ts';
import type { ObjectMeta, OwnerReference, PodSpec, PodUnderTest } from '../pss/pod.ts';
import { isRecord, MalformedObjectError } from './read-answer.ts';

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new MalformedObjectError(path, 'is not an object');
  return value;
}

function requiredString(object: Record<string, unknown>, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new MalformedObjectError(`${path}.${key}`, 'is not a non-empty string');
  return value;
}

function optionalString(object: Record<string, unknown> | undefined, key: string, path: string): string | undefined {
  const value = object?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedObjectError(`${path}.${key}`, 'is not a string');
  return value;
}

function stringMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const map = record(value, path);
  for (const [key, entry] of Object.entries(map)) {
    if (typeof entry !== 'string') throw new MalformedObjectError(`${path}[${JSON.stringify(key)}]`, 'is not a string');
  }
  return map as Record<string, string>;
}

function ownerReferences(value: unknown, path: string): OwnerReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedObjectError(path, 'is not a list');
  value.forEach((entry, i) => record(entry, `${path}[${i}]`));
  return value as OwnerReference[];
}

interface Identity {
  readonly metadata: Record<string, unknown>;
  readonly name: string;
  readonly uid: string;
}

function identity(object: unknown, path: string): Identity {
  const metadata = record(record(object, path)['metadata'], `${path}.metadata`);
  return { metadata, name: requiredString(metadata, 'name', `${path}.metadata`), uid: requiredString(metadata, 'uid', `${path}.metadata`) };
}

export function namespaceRecord(object: unknown, path: string): NamespaceRecord {
  const { metadata, name, uid } = identity(object, path);
  const status = (object as Record<string, unknown>)['status'];
  return {
    name,
    uid,
    labels: stringMap(metadata['labels'], `${path}.metadata.labels`),
    phase: optionalString(isRecord(status) ? status : undefined, 'phase', `${path}.status`) ?? 'Active',
  };
}

/**
 * The metadata PodSecurity and the scan read (identity, labels, annotations, owners), without
 * managedFields and the rest, so a large cluster's pods do not keep every page's bulk alive.
 */
function podMetadata(metadata: Record<string, unknown>, name: string, uid: string, path: string): PodRecord['metadata'] {
  const out: ObjectMeta & { name: string; namespace: string; uid: string } = {
    name,
    namespace: requiredString(metadata, 'namespace', path),
    uid,
  };
  if (metadata['labels'] != null) out.labels = stringMap(metadata['labels'], `${path}.labels`);
  if (metadata['annotations'] != null) out.annotations = stringMap(metadata['annotations'], `${path}.annotations`);
  if (metadata['ownerReferences'] != null) out.ownerReferences = ownerReferences(metadata['ownerReferences'], `${path}.ownerReferences`);
  const created = optionalString(metadata, 'creationTimestamp', path);
  if (created !== undefined) out.creationTimestamp = created;
  return out;
}

export function podRecord(object: unknown, path: string): PodRecord {
  const { metadata, name, uid } = identity(object, path);
  const pod = object as Record<string, unknown>;
  const spec = record(pod['spec'], `${path}.spec`) as PodSpec;
  const status = pod['status'];
  return {
    metadata: podMetadata(metadata, name, uid, `${path}.metadata`),
    spec,
    phase: optionalString(isRecord(status) ? status : undefined, 'phase', `${path}.status`) ?? 'Unknown',
  };
}

/** Where each kind keeps its pod template, and whether it has replicas or can be suspended. */
const WORKLOAD_SHAPES: Readonly<Record<WorkloadKind, { readonly templatePath: readonly string[]; readonly replicas: boolean; readonly suspend: boolean }>> = {
  Deployment: { templatePath: ['template'], replicas: true, suspend: false },
  StatefulSet: { templatePath: ['template'], replicas: true, suspend: false },
  DaemonSet: { templatePath: ['template'], replicas: false, suspend: false },
  ReplicaSet: { templatePath: ['template'], replicas: true, suspend: false },
  Job: { templatePath: ['template'], replicas: false, suspend: true },
  CronJob: { templatePath: ['jobTemplate', 'spec', 'template'], replicas: false, suspend: true },
  ReplicationController: { templatePath: ['template'], replicas: true, suspend: false },
};

export function workloadRecord(kind: WorkloadKind, object: unknown, path: string): WorkloadRecord {
  const { metadata, name, uid } = identity(object, path);
  const shape = WORKLOAD_SHAPES[kind];
  const spec = record((object as Record<string, unknown>)['spec'], `${path}.spec`);
  let template: unknown = spec;
  let at = `${path}.spec`;
  for (const key of shape.templatePath) {
    template = record(template, at)[key];
    at += `.${key}`;
  }
  const podTemplate = record(template, at);
  const out: { -readonly [K in keyof WorkloadRecord]: WorkloadRecord[K] } = {
    kind,
    name,
    namespace: requiredString(metadata, 'namespace', `${path}.metadata`),
    uid,
    ownerReferences: ownerReferences(metadata['ownerReferences'], `${path}.metadata.ownerReferences`),
    template: podTemplate as PodUnderTest,
  };
  if (shape.replicas) {
    // The apiserver defaults replicas to 1 for every kind that has it.
    const replicas = spec['replicas'] ?? 1;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw new MalformedObjectError(`${path}.spec.replicas`, 'is not an integer');
    out.replicas = replicas;
  }
  if (shape.suspend) {
    const suspend = spec['suspend'] ?? false;
    if (typeof suspend !== 'boolean') throw new MalformedObjectError(`${path}.spec.suspend`, 'is not a boolean');
    out.suspended = suspend;
  }
  return out;
}
