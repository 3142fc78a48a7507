// Differential test: the TypeScript Pod Security engine against the upstream evaluator
// (k8s.io/pod-security-admission v0.37.2, test/harness/pss-oracle). Both must agree exactly on
// allowed, the reasons and the details, in order, for
//   (a) every upstream conformance fixture at every version v1.0..v1.37 and latest, at baseline
//       and restricted, and
//   (b) generated pods (test/generators/pod-generator.ts), each at a random level:version, and
//       all of them at baseline:latest and restricted:latest.
// On a mismatch the test prints the first few, each with its pod shrunk to a minimal pod that
// still disagrees, and writes all of them to test/harness/.cache/pss-mismatches.json.

import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePod } from '../../shared/pss/evaluate.ts';
import type { LevelVersion } from '../../shared/pss/level-version.ts';
import { levelVersionString } from '../../shared/pss/level-version.ts';
import type { PodUnderTest } from '../../shared/pss/pod.ts';
import { LATEST, parseVersion, v1, versionString } from '../../shared/pss/version.ts';
import { createRng, generateLevelVersions, generatePods } from '../generators/pod-generator.ts';
import { withApiserverDefaults } from '../../shared/manifest/apiserver-defaults.ts';
import type { JsonObject } from '../../shared/manifest/json-value.ts';
import { PssOracle, type OracleVerdict } from '../harness/pss-oracle-client.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { listFixtures } from '../support/pss-fixtures.ts';
import { DIFFERENTIAL_PODS, DIFFERENTIAL_SEED } from './differential-sample.ts';

const mismatchReport = path.join(REPO_ROOT, 'test/harness/.cache/pss-mismatches.json');

const GENERATED_SEED = DIFFERENTIAL_SEED;
const GENERATED_PODS = DIFFERENTIAL_PODS;
const SHOWN_MISMATCHES = 5;

interface Verdict {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  readonly details: readonly string[];
}

interface Case {
  readonly source: string;
  readonly lv: LevelVersion;
  readonly pod: PodUnderTest;
}

interface Mismatch {
  readonly source: string;
  readonly levelVersion: string;
  readonly expected: Verdict;
  readonly actual: Verdict | { readonly error: string };
  readonly pod: unknown;
  minimalPod?: unknown;
  minimalExpected?: Verdict;
  minimalActual?: Verdict | { readonly error: string };
}

let oracle: PssOracle;
const allMismatches: Mismatch[] = [];

function typescriptVerdict(lv: LevelVersion, pod: PodUnderTest): Verdict | { error: string } {
  try {
    const verdict = evaluatePod(lv, pod);
    return {
      allowed: verdict.allowed,
      reasons: verdict.violations.map((v) => v.reason),
      details: verdict.violations.map((v) => v.detail),
    };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function sameVerdict(expected: OracleVerdict, actual: Verdict | { error: string }): boolean {
  return (
    !('error' in actual) &&
    expected.allowed === actual.allowed &&
    expected.reasons.length === actual.reasons.length &&
    expected.reasons.every((reason, i) => reason === actual.reasons[i]) &&
    expected.details.length === actual.details.length &&
    expected.details.every((detail, i) => detail === actual.details[i])
  );
}

function oracleRequest(c: { lv: LevelVersion; pod: unknown }): { level: string; version: string; pod: unknown } {
  return { level: c.lv.level, version: versionString(c.lv.version), pod: c.pod };
}

/** Runs both engines over the cases; returns the oracle verdicts and records every mismatch. */
async function compare(cases: readonly Case[]): Promise<{ verdicts: OracleVerdict[]; mismatches: Mismatch[] }> {
  const verdicts = await oracle.evaluate(cases.map(oracleRequest));
  const mismatches: Mismatch[] = [];
  cases.forEach((c, i) => {
    const expected = verdicts[i] as OracleVerdict;
    const actual = typescriptVerdict(c.lv, c.pod);
    if (!sameVerdict(expected, actual)) {
      mismatches.push({ source: c.source, levelVersion: levelVersionString(c.lv), expected, actual, pod: c.pod });
    }
  });
  allMismatches.push(...mismatches);
  return { verdicts, mismatches };
}

// ---------------------------------------------------------------------------------------------
// Shrinking: drop object keys and array elements while the engines still disagree.

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function* withOneThingRemoved(value: JsonValue): Generator<JsonValue> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield [...value.slice(0, i), ...value.slice(i + 1)];
    for (let i = 0; i < value.length; i++) {
      for (const smaller of withOneThingRemoved(value[i] as JsonValue)) {
        yield value.map((item, j) => (j === i ? smaller : item));
      }
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    for (const key of keys) {
      const rest = { ...value };
      Reflect.deleteProperty(rest, key);
      yield rest;
    }
    for (const key of keys) {
      for (const smaller of withOneThingRemoved(value[key] as JsonValue)) yield { ...value, [key]: smaller };
    }
  }
}

async function shrink(mismatch: Mismatch, lv: LevelVersion): Promise<void> {
  let pod = JSON.parse(JSON.stringify(mismatch.pod)) as JsonValue;
  for (let round = 0; round < 500; round++) {
    const candidates = [...withOneThingRemoved(pod)].slice(0, 4000);
    if (candidates.length === 0) break;
    let verdicts: OracleVerdict[];
    try {
      verdicts = await oracle.evaluate(candidates.map((candidate) => oracleRequest({ lv, pod: candidate })));
    } catch {
      break;
    }
    const next = candidates.findIndex((candidate, i) => !sameVerdict(verdicts[i] as OracleVerdict, typescriptVerdict(lv, candidate as PodUnderTest)));
    if (next === -1) break;
    pod = candidates[next] as JsonValue;
  }
  mismatch.minimalPod = pod;
  mismatch.minimalExpected = (await oracle.evaluate([oracleRequest({ lv, pod })]))[0];
  mismatch.minimalActual = typescriptVerdict(lv, pod as PodUnderTest);
}

function parseLevelVersion(text: string): LevelVersion {
  const [level, version] = text.split(':') as [LevelVersion['level'], string];
  const parsed = parseVersion(version);
  if (!parsed.ok) throw new Error(`bad version in ${text}`);
  return { level, version: parsed.version };
}

/** Shrinks and prints the first few mismatches; the assertion that follows fails the test. */
async function explain(mismatches: readonly Mismatch[]): Promise<string> {
  if (mismatches.length === 0) return '';
  const shown = mismatches.slice(0, SHOWN_MISMATCHES);
  for (const m of shown) await shrink(m, parseLevelVersion(m.levelVersion));
  const text = shown
    .map(
      (m, i) =>
        `#${i + 1} ${m.source} at ${m.levelVersion}\n` +
        `  go:  ${JSON.stringify(m.minimalExpected)}\n  ts:  ${JSON.stringify(m.minimalActual)}\n` +
        `  minimal pod: ${JSON.stringify(m.minimalPod)}\n` +
        `  (full pod: go ${JSON.stringify(m.expected)} ts ${JSON.stringify(m.actual)})\n  ${JSON.stringify(m.pod)}`,
    )
    .join('\n\n');
  const message = `${mismatches.length} mismatches between the TypeScript engine and upstream; first ${shown.length}:\n\n${text}`;
  console.error(message);
  return message;
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

interface Fixture {
  readonly file: string;
  readonly lv: LevelVersion;
  readonly expectAllowed: boolean;
  /** The manifest as written. */
  readonly pod: PodUnderTest;
  /** As the apiserver stores it: the pass/fail expectation is about this one. */
  readonly defaulted: PodUnderTest;
}

/**
 * Upstream checks its fixtures by creating them through an apiserver, whose defaulting turns a
 * volume with no source into an emptyDir (SetDefaults_Volume in k8s.io/kubernetes
 * pkg/apis/core/v1/defaults.go; restrictedvolumes0.yaml relies on it: "implicit empty dir").
 * The evaluator alone calls such a volume "unknown", so expectations are checked on this copy.
 */
function withApiDefaults(pod: PodUnderTest): PodUnderTest {
  const spec = pod.spec as JsonObject | undefined;
  return spec === undefined ? pod : { ...pod, spec: withApiserverDefaults(spec, true) };
}

async function loadFixtures(): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  for (const { file, name, lv, expectAllowed } of listFixtures()) {
    if (lv.level === 'privileged') throw new Error(`privileged fixture: ${name}`);
    for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors[0]?.message}`);
      const manifest = doc.toJS() as { metadata?: unknown; spec?: unknown } | null;
      if (manifest === null) continue;
      const pod = { metadata: manifest.metadata, spec: manifest.spec } as PodUnderTest;
      fixtures.push({ file: name, lv, expectAllowed, pod, defaulted: withApiDefaults(pod) });
    }
  }
  return fixtures;
}

beforeAll(async () => {
  oracle = await PssOracle.start();
}, 600_000);

afterAll(async () => {
  await oracle?.close();
  await mkdir(path.dirname(mismatchReport), { recursive: true });
  await writeFile(mismatchReport, JSON.stringify(allMismatches, null, 2));
});

describe('TypeScript Pod Security engine vs upstream k8s.io/pod-security-admission', () => {
  it('agrees on every conformance fixture at every version and latest, baseline and restricted', async () => {
    // Prepare
    // The same pod sits under many version folders: compare each distinct pod (as written, and
    // as the apiserver would default it) once per level:version.
    const fixtures = await loadFixtures();
    const unique = new Map<string, { source: string; pod: PodUnderTest }>();
    for (const f of fixtures) {
      for (const pod of [f.pod, f.defaulted]) {
        const key = JSON.stringify(pod);
        if (!unique.has(key)) unique.set(key, { source: f.file + (pod === f.pod ? '' : ' (apiserver-defaulted)'), pod });
      }
    }
    const levelVersions = generateLevelVersions(['baseline', 'restricted']);
    const cases = [...unique.values()].flatMap((u) => levelVersions.map((lv) => ({ source: u.source, lv, pod: u.pod })));

    // Act
    const { verdicts, mismatches } = await compare(cases);

    // Assess: the comparisons really happened, upstream agrees with the fixtures, and the engines agree.
    expect(fixtures.length).toBeGreaterThan(1000);
    expect(unique.size).toBeGreaterThan(300);
    expect(cases.length).toBe(unique.size * 78);
    expect(verdicts.length).toBe(cases.length);
    const byCase = new Map(cases.map((c, i) => [`${JSON.stringify(c.pod)}@${levelVersionString(c.lv)}`, verdicts[i]]));
    const wrongFixtures = fixtures.filter((f) => byCase.get(`${JSON.stringify(f.defaulted)}@${levelVersionString(f.lv)}`)?.allowed !== f.expectAllowed);
    expect(await explain(mismatches)).toBe('');
    expect(wrongFixtures.map((f) => f.file)).toEqual([]);
  }, 600_000);

  it(`agrees on ${GENERATED_PODS} generated pods at random levels and versions`, async () => {
    // Prepare: mostly v1.0..v1.37/latest at baseline and restricted; sometimes privileged, or a
    // version newer than upstream knows (evaluated as the newest).
    const pods = generatePods(GENERATED_SEED, GENERATED_PODS);
    const rng = createRng(GENERATED_SEED + 1);
    const levelVersions = generateLevelVersions(['baseline', 'restricted']);
    const unusual: LevelVersion[] = [
      { level: 'privileged', version: LATEST },
      { level: 'privileged', version: v1(0) },
      { level: 'restricted', version: v1(38) },
      { level: 'baseline', version: v1(38) },
      { level: 'restricted', version: v1(1000) },
    ];
    const cases = pods.map((pod, i) => ({
      source: `generated pod ${i} (seed ${GENERATED_SEED})`,
      lv: rng.chance(0.05) ? rng.pick(unusual) : rng.pick(levelVersions),
      pod,
    }));

    // Act
    const { verdicts, mismatches } = await compare(cases);

    // Assess
    expect(verdicts.length).toBe(GENERATED_PODS);
    expect(new Set(cases.map((c) => levelVersionString(c.lv))).size).toBeGreaterThanOrEqual(levelVersions.length);
    expect(verdicts.filter((v) => !v.allowed).length).toBeGreaterThan(GENERATED_PODS / 3);
    expect(await explain(mismatches)).toBe('');
  }, 600_000);

  it.each(['restricted', 'baseline'] as const)(`agrees on all ${GENERATED_PODS} generated pods at %s:latest`, async (level) => {
    // Prepare
    const pods = generatePods(GENERATED_SEED, GENERATED_PODS);
    const cases = pods.map((pod, i) => ({ source: `generated pod ${i} (seed ${GENERATED_SEED})`, lv: { level, version: LATEST }, pod }));

    // Act
    const { verdicts, mismatches } = await compare(cases);

    // Assess
    expect(verdicts.length).toBe(GENERATED_PODS);
    expect(verdicts.filter((v) => !v.allowed).length).toBeGreaterThan(GENERATED_PODS / 5);
    expect(await explain(mismatches)).toBe('');
  }, 600_000);
});
