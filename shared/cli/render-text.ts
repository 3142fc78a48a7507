// The report a developer reads in a failing CI job: one header line per object, one line per
// violation, a summary. No colour and fixed words, so that grep and diff work on it.
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import type { InputProblem, ObjectResult } from './check-manifests.ts';
import { objectLocation } from './location.ts';

export function renderText(results: readonly ObjectResult[], levelVersion: LevelVersion): string {
  const policy = levelVersionString(levelVersion);
  const lines: string[] = [];
  for (const result of results) {
    const header = `${objectLocation(result.file, result.index, result.item)} ${result.kind} ${objectReference(result)}`;
    if (!result.applicable) {
      lines.push(`${header}: NOT APPLICABLE (${result.reason})`);
      continue;
    }
    lines.push(`${header}: ${result.verdict.allowed ? 'ALLOWED' : 'DENIED'} at ${policy}`);
    for (const violation of result.verdict.violations) lines.push(`  ${violation.check}: ${violation.detail}`);
  }
  const denied = results.filter((result) => result.applicable && !result.verdict.allowed).length;
  const notApplicable = results.filter((result) => !result.applicable).length;
  const objects = results.length === 1 ? '1 object' : `${results.length} objects`;
  lines.push(`${objects}, ${denied} denied, ${notApplicable} not applicable at ${policy}`);
  return `${lines.join('\n')}\n`;
}

/** One line per problem, each naming the file and the document (and List item) at fault. */
export function renderProblems(problems: readonly InputProblem[]): string {
  return problems.map((p) => `psa-scan: ${objectLocation(p.file, p.index, p.item)}: ${p.message}\n`).join('');
}

/** `namespace/name` as kubectl prints it; just `name` when the manifest leaves the namespace to kubectl. */
function objectReference(result: ObjectResult): string {
  const name = result.name ?? '(unnamed)';
  return result.namespace === null ? name : `${result.namespace}/${name}`;
}
