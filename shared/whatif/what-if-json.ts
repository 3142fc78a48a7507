// An UpgradeWhatIf as bytes: validated against the schema, keys in schema order, two-space JSON
// with a final newline. What the store keeps and `psa-scan whatif --format json` prints are these
// same bytes.
import { upgradeWhatIfSchema, type UpgradeWhatIf } from './what-if-schema.ts';

export function whatIfJson(whatIf: UpgradeWhatIf): string {
  return `${JSON.stringify(upgradeWhatIfSchema.parse(whatIf), null, 2)}\n`;
}

export type ParsedWhatIf = { readonly ok: true; readonly whatIf: UpgradeWhatIf } | { readonly ok: false; readonly errors: readonly string[] };

/** Reads a stored document; every problem names the path inside it. */
export function parseWhatIfJson(text: string, source: string): ParsedWhatIf {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${source}: not JSON: ${(error as Error).message}`] };
  }
  const parsed = upgradeWhatIfSchema.safeParse(value);
  if (parsed.success) return { ok: true, whatIf: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => `${source}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`) };
}
