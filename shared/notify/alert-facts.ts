// What every rendering of one scan's findings agrees on: the order (worst first), the highest
// severity, the counts, the kinds present, and which findings are good news.
import { compareSeverity, FINDING_CATALOGUE, SEVERITIES, type FindingKind, type Severity } from '../drift/finding-catalogue.ts';
import type { Finding } from '../drift/finding.ts';

export interface AlertFacts {
  /** Problems worst first, then good news worst first; stable within a severity. */
  readonly problems: readonly Finding[];
  readonly goodNews: readonly Finding[];
  readonly highestSeverity: Severity;
  readonly counts: Readonly<Record<Severity, number>>;
  /** The kinds present, worst first (good news last). */
  readonly kinds: readonly FindingKind[];
  readonly goodNewsOnly: boolean;
  readonly findingCount: number;
}

/** Undefined for no findings: a scan without findings produces no alert. */
export function alertFacts(findings: readonly Finding[]): AlertFacts | undefined {
  if (findings.length === 0) return undefined;
  const worstFirst = (list: readonly Finding[]): Finding[] => [...list].sort((a, b) => compareSeverity(a.severity, b.severity));
  const problems = worstFirst(findings.filter((f) => !FINDING_CATALOGUE[f.kind].goodNews));
  const goodNews = worstFirst(findings.filter((f) => FINDING_CATALOGUE[f.kind].goodNews));
  const ordered = [...problems, ...goodNews];
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const highestSeverity = SEVERITIES.find((s) => counts[s] > 0) ?? 'info';
  return {
    problems,
    goodNews,
    highestSeverity,
    counts,
    kinds: [...new Set(ordered.map((f) => f.kind))],
    goodNewsOnly: problems.length === 0,
    findingCount: findings.length,
  };
}
