// The subject line: `[CRITICAL] psa 123456789012/eu-west-1/payments: 3 findings (PSP removal, +2 kinds)`.
//
// SNS Publish: "Subjects must be ASCII text that begins with a letter, number, or punctuation mark;
// must not include line breaks or control characters; and must be less than 100 characters long"
// (API_Publish). SNS itself accepts exactly 100 and refuses 101 with `Invalid parameter: Subject`
// (getmoto/moto#1503; moto refuses more than 100 too). So: printable ASCII only, at most 100
// characters, and the cluster part, the only long and free-form one, is what gets shortened.
import { LOCAL, type ClusterIdentity } from '../fleet/cluster-identity.ts';
import type { AlertFacts } from './alert-facts.ts';
import { SUBJECT_LABELS } from './subject-labels.ts';

export const SNS_SUBJECT_MAX = 100;
const ELLIPSIS = '...';

/** Every character outside printable ASCII (U+0020-U+007E) becomes `?`; whitespace runs become one space. */
export function asciiSubjectText(text: string): string {
  return text.replace(/\s+/gu, ' ').replace(/[^\x20-\x7e]/gu, '?');
}

/** The cluster as on-call reads it: the name alone for a kubeconfig context, else account/region/name. */
export function clusterWhere(cluster: ClusterIdentity): string {
  return cluster.account === LOCAL && cluster.region === LOCAL ? cluster.name : `${cluster.account}/${cluster.region}/${cluster.name}`;
}

function elideMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return text.slice(0, Math.max(0, max));
  const keep = max - ELLIPSIS.length;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}${ELLIPSIS}${text.slice(text.length - (keep - head))}`;
}

export function alertSubject(cluster: ClusterIdentity, facts: AlertFacts): string {
  const [worst] = facts.kinds;
  const label = worst === undefined ? '' : SUBJECT_LABELS[worst];
  const more = facts.kinds.length > 1 ? `, +${facts.kinds.length - 1} kinds` : '';
  const count = `${facts.findingCount} finding${facts.findingCount === 1 ? '' : 's'}`;
  const head = `[${facts.highestSeverity.toUpperCase()}] psa `;
  const tail = `: ${count} (${label}${more})`;
  const where = asciiSubjectText(clusterWhere(cluster)).trim() || '?';
  const subject = `${head}${elideMiddle(where, SNS_SUBJECT_MAX - head.length - tail.length)}${tail}`;
  return subject.slice(0, SNS_SUBJECT_MAX);
}
