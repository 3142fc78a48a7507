// `psa-scan check --format sarif`, validated against the official SARIF 2.1.0 JSON Schema
// (test/cli/schemas, OASIS errata 01; JSON Schema draft-04, hence ajv-draft-04).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { ObjectResult } from '../../shared/cli/check-manifests.ts';
import { checkRule } from '../../shared/cli/render-sarif-rules.ts';
import { checksWithoutRule, renderSarif } from '../../shared/cli/render-sarif.ts';
import { EXIT_ALLOWED, EXIT_BAD_INPUT, EXIT_DENIED, runCli } from '../../shared/cli/run-cli.ts';
import { ALL_CHECKS } from '../../shared/pss/checks/index.ts';
import { LATEST } from '../../shared/pss/version.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { capturedIo, type FileContent } from './captured-io.ts';

const COMPLIANT = 'test/examples/compliant-deployment.yaml';
const MIXED = 'test/examples/noncompliant-mixed.yaml';

// The schema declares formats (uri, uri-reference, date-time) that ajv checks only with
// ajv-formats; strict off because the schema predates ajv's strict keyword checks.
const ajv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/cli/schemas/sarif-schema-2.1.0.json'), 'utf8')) as object);

function expectValidSarif(log: unknown): void {
  const valid = validateSarif(log);
  expect(valid, JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri?: string; description?: { text: string } }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  properties: { tags: string[] };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[]; properties: { policy: string } }[];
}

async function run(argv: string[], files: Record<string, FileContent> = {}, stdin = '') {
  const captured = capturedIo(files, stdin);
  const exitCode = await runCli(argv, captured.io);
  return { exitCode, stdout: captured.stdout(), stderr: captured.stderr() };
}

async function sarif(argv: string[], files: Record<string, FileContent> = {}, stdin = '') {
  const result = await run(['check', '--format', 'sarif', ...argv], files, stdin);
  expect(result.stderr).toBe('');
  const log = JSON.parse(result.stdout) as SarifLog;
  expectValidSarif(log);
  return { exitCode: result.exitCode, log, run: log.runs[0] as SarifLog['runs'][number] };
}

const where = (result: SarifResult) => {
  const location = result.locations[0]?.physicalLocation;
  return [result.ruleId, location?.artifactLocation.uri, location?.region.startLine];
};

describe('psa-scan check --format sarif', () => {
  it('writes a log the SARIF 2.1.0 schema accepts, with one result per violation', async () => {
    // Prepare: the violations the JSON report lists for the same input.
    const json = await run(['check', '--format', 'json', MIXED, COMPLIANT]);
    const violations = (JSON.parse(json.stdout) as { results: { violations: unknown[] }[] }).results.flatMap((r) => r.violations);

    // Act
    const { exitCode, log, run: sarifRun } = await sarif([MIXED, COMPLIANT]);

    // Assess
    expect(exitCode).toBe(EXIT_DENIED);
    expect(log.version).toBe('2.1.0');
    expect(sarifRun.tool.driver.name).toBe('psa-scan');
    expect(sarifRun.properties.policy).toBe('restricted:latest');
    expect(violations.length).toBe(10);
    expect(sarifRun.results).toHaveLength(violations.length);
    expect(sarifRun.results.every((result) => result.level === 'error')).toBe(true);
  });

  it('puts each result at the file as given and the line where its object starts', async () => {
    const { run: sarifRun } = await sarif(['--level', 'baseline', MIXED]);

    // Document 0 (the Pod) starts at line 3, after two comment lines.
    expect(sarifRun.results.map(where)).toEqual([
      ['hostNamespaces', MIXED, 3],
      ['privileged', MIXED, 3],
    ]);
    expect(sarifRun.results[0]?.message.text).toBe('Pod shop/debug-shell is denied at baseline:latest: hostNetwork=true');
  });

  it('gives List items their own line, and later documents theirs', async () => {
    const list = [
      'kind: Service', // line 1
      '---',
      '# a list',
      'apiVersion: v1', // line 4
      'kind: List',
      'items:',
      '  - {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {hostPID: true}}', // line 7
      '  - apiVersion: v1', // line 8
      '    kind: Pod',
      '    metadata: {name: b}',
      '    spec: {hostIPC: true}',
      '---',
      'apiVersion: v1', // line 13
      'kind: Pod',
      'metadata: {name: c}',
      'spec: {hostNetwork: true}',
      '',
    ].join('\n');

    const { run: sarifRun } = await sarif(['--level', 'baseline', 'deploy/list.yaml'], { 'deploy/list.yaml': list });

    expect(sarifRun.results.map(where)).toEqual([
      ['hostNamespaces', 'deploy/list.yaml', 7],
      ['hostNamespaces', 'deploy/list.yaml', 8],
      ['hostNamespaces', 'deploy/list.yaml', 13],
    ]);
  });

  it('has one rule per registered check, each with its Pod Security Standards control and help', async () => {
    const { run: sarifRun } = await sarif([MIXED]);

    const rules = sarifRun.tool.driver.rules;
    expect(checksWithoutRule()).toEqual([]);
    expect(rules.map((rule) => rule.id)).toEqual(ALL_CHECKS.map((check) => check.id));
    for (const rule of rules) {
      const { control, level } = checkRule(rule.id);
      const profile = level === 'baseline' ? 'Baseline' : 'Restricted';
      expect(rule.shortDescription.text.length, rule.id).toBeGreaterThan(20);
      expect(rule.fullDescription.text.length, rule.id).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.help.text, rule.id).toContain(`Pod Security Standards, ${profile} profile, control "${control}"`);
      expect(rule.help.text, rule.id).toContain('Fix: ');
      expect(rule.help.markdown, rule.id).toContain(`control "${control}"`);
      expect(rule.helpUri).toBe('https://kubernetes.io/docs/concepts/security/pod-security-standards/');
      expect(rule.properties.tags).toContain(level);
    }
    expect(new Set(rules.map((rule) => rule.name)).size).toBe(rules.length);
    // Every result names its rule by ID and by index.
    for (const result of sarifRun.results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('keeps the exit statuses: 0 with no result when all is allowed, 2 with nothing on stdout for bad input', async () => {
    const allowed = await sarif([COMPLIANT]);
    expect(allowed.exitCode).toBe(EXIT_ALLOWED);
    expect(allowed.run.results).toEqual([]);

    const bad = await run(['check', '--format', 'sarif', 'pod.yaml'], { 'pod.yaml': 'kind: Pod\nspec: {hostPID: "yes"}\n' });
    expect(bad).toEqual({ exitCode: EXIT_BAD_INPUT, stdout: '', stderr: 'psa-scan: pod.yaml#0: spec.hostPID must be a boolean, found a string "yes"\n' });
  });

  it('percent-encodes paths, writes absolute ones as file URIs and gives standard input no URI', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostPID: true}\n';

    const relative = await sarif(['--level', 'baseline', './my dir/a#1.yaml'], { './my dir/a#1.yaml': pod });
    const absolute = await sarif(['--level', 'baseline', '/srv/repo/app.yaml'], { '/srv/repo/app.yaml': pod });
    const stdin = await sarif(['--level', 'baseline', '-'], {}, pod);

    expect(relative.run.results.map(where)).toEqual([['hostNamespaces', 'my%20dir/a%231.yaml', 1]]);
    expect(absolute.run.results.map(where)).toEqual([['hostNamespaces', 'file:///srv/repo/app.yaml', 1]]);
    expect(stdin.run.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ description: { text: 'standard input' } });
  });

  it('writes an absolute path inside the working directory relative to it', () => {
    const result: ObjectResult = {
      file: '/srv/repo/k8s/app.yaml',
      index: 0,
      item: null,
      line: 4,
      kind: 'Pod',
      namespace: null,
      name: 'p',
      applicable: true,
      verdict: { allowed: false, violations: [{ check: 'privileged', reason: 'privileged', detail: 'container "a" must not set securityContext.privileged=true' }] },
    };

    const inside = JSON.parse(renderSarif([result], { levelVersion: { level: 'baseline', version: LATEST }, workingDirectory: '/srv/repo' })) as SarifLog;
    const outside = JSON.parse(renderSarif([result], { levelVersion: { level: 'baseline', version: LATEST }, workingDirectory: '/srv/other' })) as SarifLog;

    expectValidSarif(inside);
    expect(inside.runs[0]?.results.map(where)).toEqual([['privileged', 'k8s/app.yaml', 4]]);
    expect(outside.runs[0]?.results.map(where)).toEqual([['privileged', 'file:///srv/repo/k8s/app.yaml', 4]]);
  });

  it('quotes hostile names in messages, escapes the JSON text and still validates', async () => {
    const hostile = String.raw`apiVersion: v1
kind: Pod
metadata: {name: "x\n\e[2Kfake: ALLOWED", namespace: "\u202eshop"}
spec:
  containers: [{name: "a\rb", securityContext: {privileged: true}}]
`;

    const result = await run(['check', '--format', 'sarif', '--level', 'baseline', 'pod.yaml'], { 'pod.yaml': hostile });

    const log = JSON.parse(result.stdout) as SarifLog;
    expectValidSarif(log);
    // eslint-disable-next-line no-control-regex -- raw control and bidi characters must not appear
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    expect(log.runs[0]?.results[0]?.message.text).toBe(
      String.raw`Pod "\u202eshop"/"x\n\x1b[2Kfake: ALLOWED" is denied at baseline:latest: "container \"a\rb\" must not set securityContext.privileged=true"`,
    );
  });

  it('gives a result the same fingerprint when only its line moves', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec: {hostPID: true}\n';

    const before = await sarif(['--level', 'baseline', 'a.yaml'], { 'a.yaml': pod });
    const after = await sarif(['--level', 'baseline', 'a.yaml'], { 'a.yaml': `kind: ConfigMap\n---\n${pod}` });
    const renamed = await sarif(['--level', 'baseline', 'a.yaml'], { 'a.yaml': pod.replace('name: p', 'name: q') });

    const print = (log: { run: SarifLog['runs'][number] }) => log.run.results[0]?.partialFingerprints;
    expect(after.run.results[0]?.locations[0]?.physicalLocation.region.startLine).toBe(3);
    expect(print(after)).toEqual(print(before));
    expect(print(renamed)).not.toEqual(print(before));
  });

  it('is checked by a validator that rejects a broken log', async () => {
    // The negative control: a validator that accepted anything would make every test above pass.
    const { log } = await sarif(['--level', 'baseline', MIXED]);
    const broken = structuredClone(log);
    const location = broken.runs[0]?.results[0]?.locations[0]?.physicalLocation;
    if (location === undefined) throw new Error('no location to break');
    location.region.startLine = 0;

    expect(validateSarif(broken)).toBe(false);
    expect(validateSarif({ ...log, version: '2.0.0' })).toBe(false);
  });
});
