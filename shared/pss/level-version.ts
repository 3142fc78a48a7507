import type { Level } from './level.ts';
import { sameVersion, versionString, type Version } from './version.ts';

export interface LevelVersion {
  readonly level: Level;
  readonly version: Version;
}

/** `restricted:v1.30`, as the apiserver prints it in warnings. */
export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${versionString(lv.version)}`;
}

/** Privileged at any version equals privileged at any other (api.LevelVersion.Equivalent). */
export function equivalentLevelVersions(a: LevelVersion, b: LevelVersion): boolean {
  return (a.level === 'privileged' && b.level === 'privileged') || (a.level === b.level && sameVersion(a.version, b.version));
}

/** Same level and same version (Go struct equality on api.LevelVersion). */
export function identicalLevelVersions(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && sameVersion(a.version, b.version);
}
