// The versions this engine knows, derived from its check definitions (the newest minimum version
// of any check), so a new v1.N definition moves them and every test matrix built on them. Apart
// from version.ts so that the checks, which import version.ts, stay free of an import cycle.

import { ALL_CHECKS } from './checks/index.ts';
import { newestMinimumMinor } from './registry.ts';
import { v1, type Version } from './version.ts';

/** The minor of the newest version whose check definitions this engine knows. */
export const NEWEST_KNOWN_MINOR = newestMinimumMinor(ALL_CHECKS);

/** Every numbered version the engine knows, v1.0 to the newest, oldest first. */
export function knownVersions(): Version[] {
  return Array.from({ length: NEWEST_KNOWN_MINOR + 1 }, (_, minor) => v1(minor));
}
