// Pod Security Standards versions: `latest` or `v1.N` (k8s.io/pod-security-admission api/helpers.go).

export interface Version {
  readonly major: number;
  readonly minor: number;
  /** `latest` is newer than every numbered version, including future ones. */
  readonly latest: boolean;
}

export const LATEST: Version = Object.freeze({ major: 0, minor: 0, latest: true });

export function v1(minor: number): Version {
  return { major: 1, minor, latest: false };
}

export function versionString(v: Version): string {
  return v.latest ? 'latest' : `v${v.major}.${v.minor}`;
}

export function isOlder(a: Version, b: Version): boolean {
  if (a.latest) return false;
  if (b.latest) return true;
  return a.major !== b.major ? a.major < b.major : a.minor < b.minor;
}

/**
 * The version an API server whose own version is `server` evaluates a label version as: `latest`
 * and anything newer than the server are its newest (DESIGN.md fact 6). The warning still names the
 * label's version; only the checks follow this one.
 */
export function versionOnServer(version: Version, server: Version): Version {
  return version.latest || isOlder(server, version) ? server : version;
}

export function sameVersion(a: Version, b: Version): boolean {
  return a.latest === b.latest && a.major === b.major && a.minor === b.minor;
}

const INT64_MAX = 9223372036854775807n;
const VERSION_PATTERN = /^v1\.([0-9]|[1-9][0-9]*)$/;

/** Parses a version label value; the message is the one the apiserver puts in a 422. */
export function parseVersion(value: string): { ok: true; version: Version } | { ok: false; message: string } {
  if (value === 'latest') return { ok: true, version: LATEST };
  const digits = VERSION_PATTERN.exec(value)?.[1];
  // Go's strconv.Atoi refuses what overflows int64; a larger minor is still only "newer than newest".
  if (digits === undefined || BigInt(digits) > INT64_MAX) return { ok: false, message: 'must be "latest" or "v1.x"' };
  return { ok: true, version: v1(Number(digits)) };
}
