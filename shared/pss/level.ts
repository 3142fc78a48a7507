// Pod Security Standards levels, as the namespace labels spell them.
export const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** Parses a level the way the apiserver does; the message is the one it puts in a 422. */
export function parseLevel(value: string): { ok: true; level: Level } | { ok: false; message: string } {
  return isLevel(value) ? { ok: true, level: value } : { ok: false, message: `must be one of ${LEVELS.join(', ')}` };
}

const STRICTNESS: Readonly<Record<Level, number>> = { privileged: 0, baseline: 1, restricted: 2 };

/** -1 if a is looser than b, 0 if equal, 1 if stricter (api.CompareLevels). */
export function compareLevels(a: Level, b: Level): -1 | 0 | 1 {
  return Math.sign(STRICTNESS[a] - STRICTNESS[b]) as -1 | 0 | 1;
}
