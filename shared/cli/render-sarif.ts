// `--format sarif`: a SARIF 2.1.0 log (OASIS, errata 01) that code-scanning UIs (GitHub code
// scanning, the VS Code SARIF viewer, ...) show inline on the manifest: one result per violation,
// at the file and line where the denied object starts, and one rule per Pod Security check with
// its Pod Security Standards control (render-sarif-rules.ts). Allowed and not-applicable objects
// produce no result; the level:version is the run's `properties.policy`.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_CHECKS } from '../pss/checks/index.ts';
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import type { ObjectResult } from './check-manifests.ts';
import { CHECK_RULES, PSS_DOCUMENT, checkRule } from './render-sarif-rules.ts';
import { objectReference } from './render-text.ts';
import { safeJson, safeName, safeText } from './safe-text.ts';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The name check-manifests.ts gives standard input. */
const STDIN_NAME = '<stdin>';

export interface SarifOptions {
  readonly levelVersion: LevelVersion;
  /** psa-scan's version, for `tool.driver.version`. */
  readonly toolVersion?: string;
  /** Absolute; when given, absolute input paths inside it are written relative to it. */
  readonly workingDirectory?: string;
}

/** Rules in a fixed order (the registry's), so that `ruleIndex` means the same in every log. */
const RULE_IDS: readonly string[] = ALL_CHECKS.map((check) => check.id);

export function renderSarif(results: readonly ObjectResult[], options: SarifOptions): string {
  const policy = levelVersionString(options.levelVersion);
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'psa-scan',
            ...(options.toolVersion === undefined ? {} : { version: options.toolVersion }),
            rules: RULE_IDS.map(sarifRule),
          },
        },
        // Results name files as given on the command line, which are relative to where psa-scan ran.
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((result) => sarifResults(result, policy, options.workingDirectory)),
        properties: { policy },
      },
    ],
  };
  return `${safeJson(log, 2)}\n`;
}

function sarifRule(id: string) {
  const rule = checkRule(id);
  const profile = rule.level === 'baseline' ? 'Baseline' : 'Restricted';
  const where = `Pod Security Standards, ${profile} profile, control "${rule.control}"`;
  return {
    id,
    name: rule.name,
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full },
    helpUri: PSS_DOCUMENT,
    help: {
      text: `${where} (check ${id} of the PodSecurity admission controller).\n${rule.full}\nFix: ${rule.fix}`,
      markdown: `**${where}** (check \`${id}\` of the PodSecurity admission controller).\n\n${rule.full}\n\n**Fix:** ${rule.fix}\n\nSee [the Pod Security Standards](${PSS_DOCUMENT}).`,
    },
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', 'kubernetes', 'pod-security', rule.level],
      // GitHub code scanning ranks security results by this score: a baseline control blocks a
      // known privilege escalation (high), a restricted one is hardening (medium).
      'security-severity': rule.level === 'baseline' ? '8.0' : '5.0',
      level: rule.level,
      control: rule.control,
    },
  };
}

function sarifResults(result: ObjectResult, policy: string, workingDirectory: string | undefined) {
  if (!result.applicable || result.verdict.allowed) return [];
  const object = `${safeName(result.kind)} ${objectReference(result)}`;
  return result.verdict.violations.map((violation) => ({
    ruleId: violation.check,
    ruleIndex: RULE_IDS.indexOf(violation.check),
    kind: 'fail',
    level: 'error',
    message: { text: `${object} is denied at ${policy}: ${safeText(violation.detail)}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(result.file, workingDirectory),
          region: { startLine: result.line },
        },
        logicalLocations: [
          {
            name: result.name === null ? '(unnamed)' : safeName(result.name),
            fullyQualifiedName: object,
            kind: 'resource',
          },
        ],
      },
    ],
    // Stable across runs while the object and the check stay the same, even when lines move.
    partialFingerprints: { 'psaScanObjectCheck/v1': fingerprint([result.kind, result.namespace, result.name, violation.check]) },
    properties: { reason: violation.reason, document: result.index, ...(result.item === null ? {} : { item: result.item }) },
  }));
}

/**
 * A relative path stays relative (to the working directory, as it was given), normalised and
 * percent-encoded as a URI reference; an absolute one becomes relative when it lies in
 * `workingDirectory`, else a file: URI. Standard input has no URI, only a description.
 */
function artifactLocation(file: string, workingDirectory: string | undefined) {
  if (file === STDIN_NAME) return { description: { text: 'standard input' } };
  let path = posix.normalize(file);
  if (posix.isAbsolute(path) && workingDirectory !== undefined) {
    const relative = posix.relative(workingDirectory, path);
    const outside = relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative);
    if (relative !== '' && !outside) path = relative;
  }
  if (posix.isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/') };
}

function fingerprint(parts: readonly (string | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Every registered check has a rule (a check added without one would make an invalid log). */
export function checksWithoutRule(): string[] {
  return RULE_IDS.filter((id) => !Object.hasOwn(CHECK_RULES, id));
}
