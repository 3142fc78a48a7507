// seLinuxOptions (baseline): upstream policy/check_seLinuxOptions.go.
//
// Setting a custom SELinux user or role is forbidden, and the type is limited to container types.
// Fields: spec.securityContext.seLinuxOptions.type
//         spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seLinuxOptions.type
//   Allowed: undefined, "", "container_t", "container_init_t", "container_kvm_t";
//            from v1.31 also "container_engine_t"
// Fields: the same seLinuxOptions' .user and .role
//   Allowed: undefined, ""
// seLinuxOptions.level is not restricted.
// v1.0:  the four allowed types.
// v1.31: adds container_engine_t.

import type { ObjectMeta, PodSpec, SELinuxOptions } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, joinQuote, pluralize } from './detail-format.ts';
import { containerName, forEachContainer } from './pod-fields.ts';

const ALLOWED_TYPES_1_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_TYPES_1_31: ReadonlySet<string> = new Set([...ALLOWED_TYPES_1_0, 'container_engine_t']);

function seLinuxOptions1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  return checkSELinuxOptions(spec, ALLOWED_TYPES_1_0);
}

function seLinuxOptions1_31(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  return checkSELinuxOptions(spec, ALLOWED_TYPES_1_31);
}

// What can be wrong with one seLinuxOptions, as bits.
const BAD_TYPE = 1;
const USER_SET = 2;
const ROLE_SET = 4;

function problemsOf(options: SELinuxOptions, allowedTypes: ReadonlySet<string>): number {
  let problems = 0;
  if (!allowedTypes.has(options.type ?? '')) problems |= BAD_TYPE;
  if ((options.user ?? '') !== '') problems |= USER_SET;
  if ((options.role ?? '') !== '') problems |= ROLE_SET;
  return problems;
}

function checkSELinuxOptions(spec: PodSpec, allowedTypes: ReadonlySet<string>): CheckResult {
  let allProblems = 0;
  let badTypes: string[] | undefined;

  let podIsBad = false;
  const podOptions = spec.securityContext?.seLinuxOptions;
  if (podOptions != null) {
    const problems = problemsOf(podOptions, allowedTypes);
    if (problems !== 0) {
      podIsBad = true;
      allProblems |= problems;
      if ((problems & BAD_TYPE) !== 0) badTypes = [podOptions.type ?? ''];
    }
  }

  let badContainers: string[] | undefined;
  forEachContainer(spec, (container) => {
    const options = container.securityContext?.seLinuxOptions;
    if (options == null) return;
    const problems = problemsOf(options, allowedTypes);
    if (problems === 0) return;
    (badContainers ??= []).push(containerName(container));
    allProblems |= problems;
    if ((problems & BAD_TYPE) !== 0) (badTypes ??= []).push(options.type ?? '');
  });

  if (allProblems === 0) return ALLOWED;
  const setters: string[] = [];
  if (podIsBad) setters.push('pod');
  if (badContainers !== undefined) setters.push(containersPhrase(badContainers));

  const found: string[] = [];
  if (badTypes !== undefined) {
    const types = sortedDistinct(badTypes);
    found.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  }
  if ((allProblems & USER_SET) !== 0) found.push('user may not be set');
  if ((allProblems & ROLE_SET) !== 0) found.push('role may not be set');
  return forbidden(
    'seLinuxOptions',
    `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${found.join('; ')}`,
  );
}

export const seLinuxOptions: CheckDefinition = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), checkPod: seLinuxOptions1_0 },
    { minimumVersion: v1(31), checkPod: seLinuxOptions1_31 },
  ],
};
