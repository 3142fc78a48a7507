// The texts of a response's `Warning` header, read with the engine's own parser
// (parseWarningHeader) so the real server's headers exercise it; a header it cannot read fails the
// test instead of losing warnings.
import { parseWarningHeader } from '../../shared/pss/admission/warning-headers.ts';

export function warningTexts(header: string | undefined): string[] {
  if (header === undefined) return [];
  const parsed = parseWarningHeader(header);
  if (parsed.errors.length > 0) throw new Error(`malformed Warning header (${parsed.errors.join('; ')}): ${header.slice(0, 200)}`);
  return parsed.warnings.map((warning) => warning.text);
}
