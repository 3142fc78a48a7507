// The report a developer reads in a failing CI job: one header line per object, one line per
// violation, a summary. No colour and fixed words, so that grep and diff work on it. Every value
// that comes from the input goes through safe-text.ts, so a manifest cannot forge or hide a line.
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import type { InputProblem, ObjectResult } from './check-manifests.ts';
import { objectLocation } from './location.ts';
import { safeName, safePath, safeText } from './safe-text.ts';

export function renderText(results: readonly ObjectResult[], levelVersion: LevelVersion): string {
  const policy = levelVersionString(levelVersion);
  const lines: string[] = [];
  for (const result of results) {
    const header = `${objectLocation(safePath(result.file), result.index, result.item)} ${safeName(result.kind)} ${objectReference(result)}`;
    if (!result.applicable) {
      lines.push(`${header}: NOT APPLICABLE (${safeText(result.reason)})`);
      continue;
    }
    lines.push(`${header}: ${result.verdict.allowed ? 'ALLOWED' : 'DENIED'} at ${policy}`);
    for (const violation of result.verdict.violations) lines.push(`  ${violation.check}: ${safeText(violation.detail)}`);
  }
  const denied = results.filter((result) => result.applicable && !result.verdict.allowed).length;
  const notApplicable = results.filter((result) => !result.applicable).length;
  const objects = results.length === 1 ? '1 object' : `${results.length} objects`;
  lines.push(`${objects}, ${denied} denied, ${notApplicable} not applicable at ${policy}`);
  return `${lines.join('\n')}\n`;
}

/** One line per problem, each naming the file and the document (and List item) at fault. */
export function renderProblems(problems: readonly InputProblem[]): string {
  return problems.map((p) => `psa-scan: ${objectLocation(safePath(p.file), p.index, p.item)}: ${safeText(p.message)}\n`).join('');
}

/**
 * `namespace/name` as kubectl prints it; just `name` when the manifest leaves the namespace to
 * kubectl. Shared with the other reports that name objects.
 */
export function objectReference(result: Pick<ObjectResult, 'namespace' | 'name'>): string {
  const name = result.name === null ? '(unnamed)' : safeName(result.name);
  return result.namespace === null ? name : `${safeName(result.namespace)}/${name}`;
}
