// `--format junit`: JUnit XML for CI systems that render test reports (GitLab, Jenkins, Azure
// Pipelines, GitHub test-report actions). One testsuite per input file, one testcase per object:
// a denied object is a failure (message: the short reasons; body: one `check: detail` line per
// violation), an allowed one passes, and a not-applicable one is skipped with the reason, which
// renderers list as "skipped" beside its message: counting an object nobody evaluated as passed
// would overstate what the gate checked. fast-xml-parser's builder writes and escapes the XML
// (&, <, >, quotes); every input-derived value goes through safe-text.ts first, which also keeps
// out the control characters XML 1.0 cannot carry at all, even as character references.
import { XMLBuilder } from 'fast-xml-parser';
import { forbiddenReasons } from '../pss/evaluate.ts';
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import type { ObjectResult } from './check-manifests.ts';
import { objectReference } from './render-text.ts';
import { safeName, safePath, safeText } from './safe-text.ts';

const BUILDER = new XMLBuilder({ ignoreAttributes: false, format: true, indentBy: '  ', suppressEmptyNode: true });

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

export function renderJunit(results: readonly ObjectResult[], levelVersion: LevelVersion): string {
  const policy = levelVersionString(levelVersion);
  const byFile = new Map<string, ObjectResult[]>();
  for (const result of results) {
    const inFile = byFile.get(result.file);
    if (inFile === undefined) byFile.set(result.file, [result]);
    else inFile.push(result);
  }
  const total = countsOf(results);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': `psa-scan check at ${policy}`,
      ...countAttributes(total),
      testsuite: [...byFile].map(([file, inFile]) => ({
        '@_name': safePath(file),
        ...countAttributes(countsOf(inFile)),
        properties: { property: [{ '@_name': 'policy', '@_value': policy }] },
        testcase: inFile.map((result) => testcase(result, policy)),
      })),
    },
  };
  return BUILDER.build(document) as string;
}

function testcase(result: ObjectResult, policy: string) {
  const where = result.item === null ? `document ${result.index}` : `document ${result.index}, item ${result.item}`;
  const base = {
    '@_classname': safePath(result.file),
    '@_name': `${safeName(result.kind)} ${objectReference(result)} (${where})`,
    '@_file': safePath(result.file),
    '@_line': String(result.line),
  };
  if (!result.applicable) return { ...base, skipped: { '@_message': `not applicable: ${safeText(result.reason)}` } };
  if (result.verdict.allowed) return base;
  return {
    ...base,
    failure: {
      '@_message': `denied at ${policy}: ${forbiddenReasons(result.verdict)}`,
      '@_type': 'PodSecurity',
      '#text': result.verdict.violations.map((v) => `${v.check}: ${safeText(v.detail)}`).join('\n'),
    },
  };
}

function countsOf(results: readonly ObjectResult[]): Counts {
  return {
    tests: results.length,
    failures: results.filter((r) => r.applicable && !r.verdict.allowed).length,
    skipped: results.filter((r) => !r.applicable).length,
  };
}

function countAttributes(counts: Counts) {
  return {
    '@_tests': String(counts.tests),
    '@_failures': String(counts.failures),
    '@_errors': '0',
    '@_skipped': String(counts.skipped),
  };
}
