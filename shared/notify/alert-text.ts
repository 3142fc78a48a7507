// The text a person reads on a phone (email, SMS-sized subject aside) and on a terminal: where and
// when, the counts, one line per finding worst first, what to do once per kind, the snapshot, and
// good news last. Lines carry a tone so the console can colour them; the text is the same either way.
//
// Summaries quote cluster data (names, server versions, context names from a kubeconfig), so a line
// that holds anything a terminal or mail reader could act on (control, bidi, line-separator
// characters) is printed Go-quoted instead, as every report of psa-scan does (shared/cli/safe-text.ts).
import { FINDING_CATALOGUE, SEVERITIES, type FindingKind, type Severity } from '../drift/finding-catalogue.ts';
import type { Finding } from '../drift/finding.ts';
import { LOCAL, type ClusterIdentity } from '../fleet/cluster-identity.ts';
import { goQuote } from '../pss/checks/detail-format.ts';
import { isGoPrintable } from '../pss/checks/go-printable.ts';
import type { AlertFacts } from './alert-facts.ts';

export type LineTone = Severity | 'heading' | 'plain';

export interface TextLine {
  readonly text: string;
  readonly tone: LineTone;
}

export interface AlertTextInput {
  readonly cluster: ClusterIdentity;
  readonly scannedAt: string;
  readonly snapshotKey: string | null;
  readonly facts: AlertFacts;
  /** Set when the findings are in a report object: finding lines stop at `lineBudgetBytes`. */
  readonly report?: { readonly key: string; readonly lineBudgetBytes: number };
}

const TAG_WIDTH = 'CRITICAL'.length;

/** The value as it is when every character is printable (Go's strconv.IsPrint), else Go-quoted. */
export function printableLine(value: string): string {
  for (const character of value) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint >= 0x20 && codePoint < 0x7f) continue;
    if (!isGoPrintable(codePoint)) return goQuote(value);
  }
  return value.startsWith('"') ? goQuote(value) : value;
}

function clusterLine(cluster: ClusterIdentity): string {
  const where = cluster.account === LOCAL && cluster.region === LOCAL ? '' : ` (account ${cluster.account}, region ${cluster.region})`;
  return printableLine(`Cluster: ${cluster.name}${where}`);
}

function countsLine(facts: AlertFacts): string {
  const parts = SEVERITIES.filter((s) => facts.counts[s] > 0).map((s) => `${facts.counts[s]} ${s}`);
  return `Findings: ${facts.findingCount} (${parts.join(', ')})`;
}

function findingLine(finding: Finding): TextLine {
  return { text: `${finding.severity.toUpperCase().padEnd(TAG_WIDTH)} ${printableLine(finding.summary)}`, tone: finding.severity };
}

function remediationLines(kinds: readonly FindingKind[]): TextLine[] {
  return kinds.map((kind) => ({ text: `- ${FINDING_CATALOGUE[kind].title}: ${FINDING_CATALOGUE[kind].remediation}`, tone: 'plain' }));
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function alertText(input: AlertTextInput): TextLine[] {
  const { facts } = input;
  const budget = input.report?.lineBudgetBytes ?? Infinity;
  let used = 0;
  let omitted = 0;
  const within = (findings: readonly Finding[]): TextLine[] =>
    findings.flatMap((finding) => {
      const line = findingLine(finding);
      used += utf8Bytes(line.text) + 1;
      if (used > budget) {
        omitted++;
        return [];
      }
      return [line];
    });
  const problemLines = within(facts.problems);
  const goodLines = within(facts.goodNews);
  const problemKinds = facts.kinds.filter((k) => !FINDING_CATALOGUE[k].goodNews);
  const goodKinds = facts.kinds.filter((k) => FINDING_CATALOGUE[k].goodNews);
  const blank: TextLine = { text: '', tone: 'plain' };

  const lines: TextLine[] = [
    { text: clusterLine(input.cluster), tone: 'heading' },
    { text: `Scanned: ${input.scannedAt}`, tone: 'plain' },
    { text: countsLine(facts), tone: facts.highestSeverity },
  ];
  if (problemLines.length > 0) lines.push(blank, ...problemLines);
  if (omitted > 0) lines.push(blank, { text: `${omitted} more finding${omitted === 1 ? ' is' : 's are'} in the full report.`, tone: 'heading' });
  if (problemKinds.length > 0) lines.push(blank, { text: 'What to do:', tone: 'heading' }, ...remediationLines(problemKinds));
  lines.push(blank, { text: printableLine(`Snapshot: ${input.snapshotKey ?? 'not stored'}`), tone: 'plain' });
  if (input.report !== undefined) lines.push({ text: printableLine(`Full report: ${input.report.key}`), tone: 'plain' });
  if (goodKinds.length > 0) {
    lines.push(blank, { text: 'Good news:', tone: 'heading' }, ...goodLines, ...remediationLines(goodKinds));
  }
  return lines;
}

export function joinLines(lines: readonly TextLine[]): string {
  return `${lines.map((l) => l.text).join('\n')}\n`;
}
