// The upstream conformance fixtures under FIXTURES_ROOT, laid out as LEVEL/vX.Y/{pass,fail}/NAME.yaml
// (k8s.io/pod-security-admission test/testdata): at its level and version, a `pass` pod is
// allowed and a `fail` pod denied.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isLevel } from '../../shared/pss/level.ts';
import type { LevelVersion } from '../../shared/pss/level-version.ts';
import { parseVersion } from '../../shared/pss/version.ts';
import { FIXTURES_ROOT } from './paths.ts';

export interface FixtureFile {
  /** Absolute path. */
  readonly file: string;
  /** Relative to FIXTURES_ROOT, with `/` separators: `baseline/v1.0/pass/apparmorprofile0.yaml`. */
  readonly name: string;
  readonly lv: LevelVersion;
  readonly expectAllowed: boolean;
}

const LAYOUT = /^([^/]+)\/([^/]+)\/(pass|fail)\/[^/]+\.yaml$/;

/** Every fixture file, sorted by name; throws on a YAML file outside the layout. */
export function listFixtures(root: string = FIXTURES_ROOT): FixtureFile[] {
  if (!existsSync(root)) throw new Error(`PSS fixtures folder missing: ${root}`);
  const names = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split(path.sep).join('/'))
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  return names.map((name) => {
    const match = LAYOUT.exec(name);
    if (match === null) throw new Error(`fixture outside LEVEL/vX.Y/{pass,fail}/: ${name}`);
    const [, level, versionName, outcome] = match as unknown as [string, string, string, 'pass' | 'fail'];
    if (!isLevel(level)) throw new Error(`unexpected level folder ${level} in ${root}`);
    const version = parseVersion(versionName);
    if (!version.ok) throw new Error(`unexpected version folder ${level}/${versionName} in ${root}`);
    return { file: path.join(root, name), name, lv: { level, version: version.version }, expectAllowed: outcome === 'pass' };
  });
}
