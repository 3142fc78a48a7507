// Reads what PodSecurity said in the Warning headers of a namespace dry-run (DESIGN.md facts 1-4;
// admission/admission.go EvaluatePodsInNamespace): which pods violate, whether it evaluated every
// pod, and whether the warnings may have been cut on the way (the 4096-rune budget).
import { warningsMayBeIncomplete } from '../pss/admission/warning-headers.ts';

export interface PodWarningLine {
  /** The alphabetically first pod with this reason set. */
  readonly pod: string;
  /** How many pods share it (1 + "and N other pods"). */
  readonly pods: number;
  readonly reasons: readonly string[];
}

export interface PodSecurityWarnings {
  /** `violate the new PodSecurity enforce level "L:V"`: the level:version it names. */
  readonly violatedLevel: string | undefined;
  readonly lines: readonly PodWarningLine[];
  /** Sum of `pods` over the lines. */
  readonly violatingPods: number;
  /** `only checked against the first N of M existing pods`. */
  readonly checkedPods: { readonly checked: number; readonly total: number } | undefined;
  /** The namespace is exempt: the policy will be ignored. */
  readonly exempt: boolean;
  readonly podListFailed: boolean;
  /** The header budget may have cut or dropped warnings: the lines are not the whole answer. */
  readonly incomplete: boolean;
  /** Warnings that are none of the above (another admission plugin's, a cut line). */
  readonly other: readonly string[];
}

const LIMITED = /^new PodSecurity enforce level only checked against the first (\d+) of (\d+) existing pods$/;
const VIOLATES = /^existing pods in namespace "(?:[^"\\]|\\.)*" violate the new PodSecurity enforce level "([^"]+)"$/;
const EXEMPT = /^namespace "(?:[^"\\]|\\.)*" is exempt from Pod Security, and the policy \(.*\) will be ignored$/;
const LIST_FAILED = 'failed to list pods while checking new PodSecurity enforce level';
// Pod names are DNS subdomains: no spaces or colons, so the first ": " ends the name part.
const POD_LINE = /^([^\s:]+)(?: \(and (\d+) other pods?\))?: (.+)$/;

export function readPodSecurityWarnings(texts: readonly string[]): PodSecurityWarnings {
  let violatedLevel: string | undefined;
  let checkedPods: PodSecurityWarnings['checkedPods'];
  let exempt = false;
  let podListFailed = false;
  const lines: PodWarningLine[] = [];
  const other: string[] = [];
  for (const text of texts) {
    const limited = LIMITED.exec(text);
    const violates = VIOLATES.exec(text);
    if (limited !== null) checkedPods = { checked: Number(limited[1]), total: Number(limited[2]) };
    else if (violates !== null) violatedLevel = violates[1];
    else if (EXEMPT.test(text)) exempt = true;
    else if (text === LIST_FAILED) podListFailed = true;
    else {
      // Pod lines only follow the "violate" header; anything else is another plugin's warning.
      const pod = violatedLevel === undefined ? null : POD_LINE.exec(text);
      if (pod === null) other.push(text);
      else lines.push({ pod: pod[1] ?? '', pods: 1 + Number(pod[2] ?? 0), reasons: (pod[3] ?? '').split(', ') });
    }
  }
  return {
    violatedLevel,
    lines,
    violatingPods: lines.reduce((sum, line) => sum + line.pods, 0),
    checkedPods,
    exempt,
    podListFailed,
    incomplete: warningsMayBeIncomplete(texts),
    other,
  };
}
