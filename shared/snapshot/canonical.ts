// Deterministic content: two scans of an unchanged cluster must serialise to the same bytes but
// for their timestamps, so maps are written in key order (Go's byte order, like the apiserver).
import { compareCodePoints } from '../pss/go-string-order.ts';

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareCodePoints(a, b)));
}
