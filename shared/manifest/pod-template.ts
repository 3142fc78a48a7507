// Which objects PodSecurity evaluates, and the metadata+spec it evaluates for each: the
// apiserver's DefaultPodSpecExtractor (k8s.io/pod-security-admission admission/admission.go).
import type { PodUnderTest } from '../pss/pod.ts';
import { withApiserverDefaults } from './apiserver-defaults.ts';
import { setKey } from './decoded-document.ts';
import { describeJsonType, isJsonObject, type JsonObject } from './json-value.ts';
import type { ManifestObject } from './manifest-objects.ts';
import { podShapeProblem } from './pod-shape.ts';

export type PodTemplateExtraction =
  | { readonly outcome: 'pod'; readonly pod: PodUnderTest }
  | { readonly outcome: 'not-applicable'; readonly reason: string }
  | { readonly outcome: 'invalid'; readonly message: string };

interface PodSource {
  /** API group, as the apiserver matches resources (`""` is the core group). */
  readonly group: string;
  /** Field path to the PodTemplateSpec; empty for a Pod, which is evaluated itself. */
  readonly templatePath: readonly string[];
  /** ReplicationController's template is a pointer in Go: when unset, PodSecurity skips the object. */
  readonly templateOptional?: boolean;
}

const POD_SOURCES: Readonly<Record<string, PodSource>> = {
  Pod: { group: '', templatePath: [] },
  PodTemplate: { group: '', templatePath: ['template'] },
  ReplicationController: { group: '', templatePath: ['spec', 'template'], templateOptional: true },
  ReplicaSet: { group: 'apps', templatePath: ['spec', 'template'] },
  Deployment: { group: 'apps', templatePath: ['spec', 'template'] },
  DaemonSet: { group: 'apps', templatePath: ['spec', 'template'] },
  StatefulSet: { group: 'apps', templatePath: ['spec', 'template'] },
  Job: { group: 'batch', templatePath: ['spec', 'template'] },
  CronJob: { group: 'batch', templatePath: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** The pod (or pod template) PodSecurity would evaluate for this object, if any. */
export function extractPodTemplate(object: ManifestObject): PodTemplateExtraction {
  const source = Object.hasOwn(POD_SOURCES, object.kind) ? POD_SOURCES[object.kind] : undefined;
  if (source === undefined) return { outcome: 'not-applicable', reason: `${object.kind} has no pod template` };
  // A manifest without apiVersion cannot be applied, but its pod can still be judged; a custom
  // resource that borrows a built-in kind name (a Volcano `Job`) is not PodSecurity's business.
  if (object.apiVersion !== null && groupOf(object.apiVersion) !== source.group) {
    return { outcome: 'not-applicable', reason: `${object.apiVersion} ${object.kind} is not a kind PodSecurity evaluates` };
  }

  let template: JsonObject = object.body;
  const walked: string[] = [];
  for (const field of source.templatePath) {
    walked.push(field);
    const next = template[field];
    if (next === undefined || next === null) {
      if (source.templateOptional && field === 'template') {
        return { outcome: 'not-applicable', reason: `${walked.join('.')} is not set, so PodSecurity skips it` };
      }
      // Go decodes a missing struct as its zero value, and PodSecurity evaluates that.
      template = {};
      continue;
    }
    if (!isJsonObject(next)) {
      return { outcome: 'invalid', message: `${walked.join('.')} must be an object, found ${describeJsonType(next)}` };
    }
    template = next;
  }

  const at = walked.join('.');
  const metadata = objectField(template, 'metadata', at);
  if (typeof metadata === 'string') return { outcome: 'invalid', message: metadata };
  const spec = objectField(template, 'spec', at);
  if (typeof spec === 'string') return { outcome: 'invalid', message: spec };
  const problem = podShapeProblem(metadata, spec, at);
  if (problem !== undefined) return { outcome: 'invalid', message: problem };
  const decodedSpec = withApiserverDefaults(withoutNulls(spec), object.kind === 'Pod');
  // The shape checks above cover what the checks walk through; the rest is as loose as PodUnderTest.
  return { outcome: 'pod', pod: { metadata: withoutNulls(metadata), spec: decodedSpec } as PodUnderTest };
}

/** `template.metadata` as an object (absent is empty, as in Go), or the message saying it is not one. */
function objectField(template: JsonObject, field: 'metadata' | 'spec', at: string): JsonObject | string {
  const value = template[field] ?? {};
  if (isJsonObject(value)) return value;
  return `${at === '' ? '' : `${at}.`}${field} must be an object, found ${describeJsonType(value)}`;
}

/** `apps/v1` -> `apps`; `v1` -> `` (the core group). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * A JSON null decodes to Go's zero value, the same as an absent field; checks need not know null.
 * Integers past 2^53 (bigint, kept exact for the range checks) become numbers: no check needs
 * more than "is it zero", and a bigint would break arithmetic in a check.
 */
function withoutNulls(value: JsonObject): JsonObject {
  return withoutNullsInside(value) as JsonObject;
}

/** The value itself when it holds no null and no bigint (the common case), else a cleaned copy. */
function withoutNullsInside(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const element = value[i] as unknown;
      const cleaned = mayHoldNullOrBigint(element) ? withoutNullsInside(element) : element;
      if (cleaned !== element && copy === undefined) copy = value.slice(0, i);
      copy?.push(cleaned);
    }
    return copy ?? value;
  }
  if (!isJsonObject(value)) return value;
  let copy: JsonObject | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const field = value[key];
    const cleaned = field === null ? undefined : mayHoldNullOrBigint(field) ? withoutNullsInside(field) : field;
    if (cleaned !== field && copy === undefined) {
      copy = {};
      for (let j = 0; j < i; j++) setKey(copy, keys[j] as string, value[keys[j] as string]);
    }
    if (copy !== undefined && cleaned !== undefined) setKey(copy, key, cleaned);
  }
  return copy ?? value;
}

/** A string, number or boolean is left as it is without a call: most values of a template are. */
function mayHoldNullOrBigint(value: unknown): boolean {
  return typeof value === 'object' || typeof value === 'bigint';
}
