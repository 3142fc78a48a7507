// The apiserver decodes a pod template into typed Go structs before PodSecurity sees it, so a
// list where an object belongs never reaches the checks. Here the template is untyped: these are
// the shapes the checks walk through, refused up front so that a malformed manifest is an input
// error instead of a silent ALLOWED (a string iterated as a container list has no containers).
import { describeJsonType, isJsonObject, type JsonObject } from './json-value.ts';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The first shape problem in a pod template's metadata and spec, or undefined when none. */
export function podShapeProblem(metadata: JsonObject, spec: JsonObject, at: string): string | undefined {
  const prefix = at === '' ? '' : `${at}.`;
  return (
    optionalObject(metadata['labels'], `${prefix}metadata.labels`) ??
    optionalObject(metadata['annotations'], `${prefix}metadata.annotations`) ??
    podSecurityContextProblem(spec['securityContext'], `${prefix}spec.securityContext`) ??
    optionalListOfObjects(spec['volumes'], `${prefix}spec.volumes`) ??
    CONTAINER_LISTS.map((list) => containersProblem(spec[list], `${prefix}spec.${list}`)).find((p) => p !== undefined)
  );
}

function podSecurityContextProblem(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) return notAn('object', value, at);
  return nestedProfilesProblem(value, at) ?? optionalListOfObjects(value['sysctls'], `${at}.sysctls`);
}

/** Fields that pod and container security contexts share. */
function nestedProfilesProblem(securityContext: JsonObject, at: string): string | undefined {
  return (
    optionalObject(securityContext['seccompProfile'], `${at}.seccompProfile`) ??
    optionalObject(securityContext['seLinuxOptions'], `${at}.seLinuxOptions`) ??
    optionalObject(securityContext['windowsOptions'], `${at}.windowsOptions`) ??
    optionalObject(securityContext['appArmorProfile'], `${at}.appArmorProfile`)
  );
}

function containersProblem(value: unknown, at: string): string | undefined {
  const listProblem = optionalListOfObjects(value, at);
  if (listProblem !== undefined || !Array.isArray(value)) return listProblem;
  for (const [i, container] of (value as JsonObject[]).entries()) {
    const problem =
      containerSecurityContextProblem(container['securityContext'], `${at}[${i}].securityContext`) ??
      optionalListOfObjects(container['ports'], `${at}[${i}].ports`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function containerSecurityContextProblem(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) return notAn('object', value, at);
  const capabilities = value['capabilities'];
  return (
    nestedProfilesProblem(value, at) ??
    optionalObject(capabilities, `${at}.capabilities`) ??
    (isJsonObject(capabilities)
      ? // `drop: ALL` as a string would pass a naive includes('ALL'); Go refuses it at decode.
        (optionalList(capabilities['add'], `${at}.capabilities.add`) ??
        optionalList(capabilities['drop'], `${at}.capabilities.drop`))
      : undefined)
  );
}

function optionalObject(value: unknown, at: string): string | undefined {
  return value === undefined || value === null || isJsonObject(value) ? undefined : notAn('object', value, at);
}

function optionalList(value: unknown, at: string): string | undefined {
  return value === undefined || value === null || Array.isArray(value) ? undefined : notAn('list', value, at);
}

function optionalListOfObjects(value: unknown, at: string): string | undefined {
  const listProblem = optionalList(value, at);
  if (listProblem !== undefined || !Array.isArray(value)) return listProblem;
  const badIndex = value.findIndex((element) => !isJsonObject(element));
  return badIndex === -1 ? undefined : notAn('object', value[badIndex], `${at}[${badIndex}]`);
}

function notAn(expected: 'object' | 'list', value: unknown, at: string): string {
  return `${at} must be ${expected === 'object' ? 'an object' : 'a list'}, found ${describeJsonType(value)}`;
}
