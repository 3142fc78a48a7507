// Reading a pod the way upstream's Go structs see it: a JSON null is the same as a missing field
// (nil pointer, zero value), and containers are visited as policy/visitor.go does.

import type { Container, PodSpec } from '../pod.ts';

const NO_CONTAINER: Container = Object.freeze({});

/**
 * Visits initContainers, then containers, then ephemeralContainers, each in list order
 * (upstream visitContainers). A null list entry decodes in Go to a container with no fields.
 */
export function forEachContainer(spec: PodSpec, visit: (container: Container) => void): void {
  visitList(spec.initContainers, visit);
  visitList(spec.containers, visit);
  visitList(spec.ephemeralContainers, visit);
}

function visitList(list: readonly (Container | null)[] | null | undefined, visit: (container: Container) => void): void {
  if (list == null) return;
  for (let i = 0; i < list.length; i++) visit(list[i] ?? NO_CONTAINER);
}

/** Names, in visiting order, of the containers for which `matches` holds; undefined when none. */
export function containersWhere(spec: PodSpec, matches: (container: Container) => boolean): string[] | undefined {
  let names: string[] | undefined;
  forEachContainer(spec, (container) => {
    if (matches(container)) (names ??= []).push(containerName(container));
  });
  return names;
}

export function containerName(container: Container): string {
  return container.name ?? '';
}

/** spec.os.name is exactly "windows" (corev1.Windows). */
export function isWindowsPod(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}

/** hostUsers: false puts the pod in a user namespace (upstream relaxPolicyForUserNamespacePod). */
export function inUserNamespace(spec: PodSpec): boolean {
  return spec.hostUsers === false;
}
