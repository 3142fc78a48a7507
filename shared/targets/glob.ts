// Globs over cluster names, account IDs, regions and namespace names: `*` stands for any run of
// characters (none included), `?` for exactly one; every other character is itself. A glob matches
// the whole name, case-sensitively.
//
// Hand-written rather than picomatch (or minimatch): those match file paths, and their path rules
// are wrong for these names. In picomatch 4, `?` never matches `/`, `*` never matches a `.` or `..`
// segment and needs at least one character at the start, and `[ab]` also matches the literal text
// `[ab]`; a kubeconfig context named `arn:aws:eks:eu-west-1:111122223333:cluster/prod-a` or
// `admin@prod` would match in surprising ways. Two metacharacters need a few lines, not a library.

export type NameMatcher = (name: string) => boolean;

/** True when the pattern has a `*` or `?`: otherwise it names exactly one thing. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** A matcher for one glob. */
export function compileGlob(pattern: string): NameMatcher {
  if (!isGlob(pattern)) return (name) => name === pattern;
  let source = '';
  for (const char of pattern) {
    if (char === '*') {
      // `**` means the same as `*`; collapsing keeps the regular expression from backtracking twice.
      if (!source.endsWith('.*')) source += '.*';
    } else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()[\]{}/]/g, '\\$&');
  }
  // `u`: `?` is one code point, not one UTF-16 unit; `s`: `.` also matches a line break.
  const regex = new RegExp(`^${source}$`, 'su');
  return (name) => regex.test(name);
}

/** A matcher for a list of globs: a name matches when any of them does. */
export function compileGlobs(patterns: readonly string[]): NameMatcher {
  const matchers = patterns.map(compileGlob);
  return (name) => matchers.some((matches) => matches(name));
}
