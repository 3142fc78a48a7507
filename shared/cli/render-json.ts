// `--format json`: one object, `{"results": [...]}`, one entry per object in input order. A
// not-applicable object keeps every key: `applicable: false`, `allowed: null`, no violations.
import type { Violation } from '../pss/verdict.ts';
import type { ObjectIdentity, ObjectResult } from './check-manifests.ts';
import { safeJson } from './safe-text.ts';

export type JsonResult = ObjectIdentity & {
  readonly applicable: boolean;
  readonly allowed: boolean | null;
  readonly violations: readonly Violation[];
};

export interface JsonReport {
  readonly results: readonly JsonResult[];
}

function toJsonReport(results: readonly ObjectResult[]): JsonReport {
  return {
    results: results.map((result) => ({
      file: result.file,
      index: result.index,
      item: result.item,
      line: result.line,
      kind: result.kind,
      namespace: result.namespace,
      name: result.name,
      applicable: result.applicable,
      allowed: result.applicable ? result.verdict.allowed : null,
      violations: result.applicable
        ? result.verdict.violations.map(({ check, reason, detail }) => ({ check, reason, detail }))
        : [],
    })),
  };
}

export function renderJson(results: readonly ObjectResult[]): string {
  // Values stay exactly as in the input; only their spelling in the JSON text is made terminal-safe.
  return `${safeJson(toJsonReport(results), 2)}\n`;
}
