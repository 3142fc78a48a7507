// A namespace that only PodSecurityPolicy protects: Pod Security enforces nothing there (no enforce
// label over privileged defaults, a privileged label, or an exemption), so once an upgrade to v1.25
// or later removes PodSecurityPolicy (DESIGN.md fact 9) nothing does. Its verdict at its target is
// evaluated at the target Kubernetes version: what labelling it would reject after the upgrade.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import { ENFORCE_LEVEL_LABEL, type Policy } from '../pss/namespace-policy.ts';
import { versionOnServer, type Version } from '../pss/version.ts';
import { attribute } from '../scan/attribute.ts';
import type { NamespaceTarget } from '../scan/namespace-target.ts';
import { cappedAtKnown } from './enforce-move.ts';
import { evaluationInput, type NamespaceContents } from './namespace-contents.ts';
import { verifiedToday } from './verified-today.ts';
import type { PspReliantNamespace } from './what-if-schema.ts';

export interface RelianceInput {
  readonly contents: NamespaceContents;
  readonly effective: Policy;
  readonly target: NamespaceTarget;
  readonly exempt: boolean;
  readonly config: AdmissionConfig;
  /** The Kubernetes version of the upgrade. */
  readonly upgradeTo: Version;
}

/** The namespace's reliance on PodSecurityPolicy, or undefined when Pod Security enforces something there. */
export function pspReliance(input: RelianceInput): PspReliantNamespace | undefined {
  const { contents, effective, target, exempt } = input;
  if (!exempt && effective.enforce.level !== 'privileged') return undefined;
  const labelled = Object.hasOwn(contents.namespace.labels, ENFORCE_LEVEL_LABEL);
  const evaluation = evaluationInput(contents, input.config);
  const evaluatedAs: LevelVersion = { level: target.target.level, version: cappedAtKnown(versionOnServer(target.target.version, input.upgradeTo)) };
  const verdict = attribute(evaluatedAs, evaluation.pods, evaluation.templates, evaluation.owners);
  const violating = verdict.violatingPods + verdict.violatingTemplates > 0;
  return {
    name: contents.namespace.name,
    reliesBecause: exempt ? 'exempt' : labelled ? 'privileged-enforce-label' : 'no-enforce-label',
    enforce: levelVersionString(effective.enforce),
    allowedUnprotected: exempt || target.allowPrivileged,
    target: { levelVersion: levelVersionString(target.target), source: target.source, rule: target.rule },
    atTarget: {
      evaluatedAs: levelVersionString(evaluatedAs),
      complete: evaluation.complete,
      compliant: violating ? false : evaluation.complete ? true : null,
      violatingPods: verdict.violatingPods,
      violatingTemplates: verdict.violatingTemplates,
      workloads: verdict.workloads,
    },
    today: verifiedToday(contents.today?.sweeps.target),
    errors: [...evaluation.errors],
  };
}
