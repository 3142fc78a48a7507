// Whether an upgrade changes what a namespace's enforce label means. The server evaluates a label
// version as itself when it is `latest` or newer than the server (DESIGN.md fact 6; version.ts
// versionOnServer), so two kinds of namespace move with an upgrade: those at `latest` (labelled so,
// or with no version label, or relying on a `latest` cluster default) and those pinned to a version
// newer than today's server, which the upgrade makes effective up to the target. The engine knows
// checks up to NEWEST_KNOWN_MINOR; a newer target is evaluated as that, and says so.
import { NEWEST_KNOWN_MINOR } from '../pss/known-versions.ts';
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import { isOlder, sameVersion, v1, versionOnServer, versionString, type Version } from '../pss/version.ts';

export interface EnforceMove {
  /** What the server evaluates the enforce label as today. */
  readonly from: LevelVersion;
  /** What the upgraded server will evaluate it as. */
  readonly to: LevelVersion;
  /** `to`, capped at the newest version whose checks the engine knows. */
  readonly evaluatedAs: LevelVersion;
  readonly why: string;
}

export const NEWEST_KNOWN_VERSION: Version = v1(NEWEST_KNOWN_MINOR);

/** `version`, or the newest version the engine knows when it is newer. */
export function cappedAtKnown(version: Version): Version {
  return version.latest || isOlder(NEWEST_KNOWN_VERSION, version) ? NEWEST_KNOWN_VERSION : version;
}

/**
 * The move of an effective enforce level:version from a server at `server` to one at `target`, or
 * undefined when it evaluates the same version on both (privileged never moves: it checks nothing).
 */
export function enforceMove(enforce: LevelVersion, labelled: boolean, server: Version, target: Version): EnforceMove | undefined {
  if (enforce.level === 'privileged') return undefined;
  const fromVersion = versionOnServer(enforce.version, server);
  const toVersion = versionOnServer(enforce.version, target);
  if (sameVersion(fromVersion, toVersion)) return undefined;
  const from = { level: enforce.level, version: fromVersion };
  const to = { level: enforce.level, version: toVersion };
  const evaluatedAs = { level: enforce.level, version: cappedAtKnown(toVersion) };
  const source = labelled ? `enforce ${levelVersionString(enforce)}` : `no enforce label: the cluster default ${levelVersionString(enforce)}`;
  let why: string;
  if (enforce.version.latest) {
    why = `${source} follows the server's version: ${levelVersionString(from)} today, ${levelVersionString(to)} after the upgrade`;
  } else {
    const pin = versionString(enforce.version);
    const effective = sameVersion(toVersion, enforce.version) ? `makes the pin effective (${levelVersionString(to)})` : `moves it to ${levelVersionString(to)}`;
    why = `${source} is pinned newer than the server (${versionString(server)}), which evaluates ${pin} as ${levelVersionString(from)}; the upgrade ${effective}`;
  }
  if (!sameVersion(evaluatedAs.version, toVersion)) {
    why += `; the scanner knows checks up to ${versionString(NEWEST_KNOWN_VERSION)} and evaluates ${levelVersionString(evaluatedAs)}`;
  }
  return { from, to, evaluatedAs, why };
}
