// fleet.json: the report validated against its schema (a document the schema refuses is a bug
// here, never written), keys in schema order, two-space JSON with a final newline.
import { fleetReportSchema, type FleetReport } from './fleet-report-schema.ts';

export function fleetReportJson(report: FleetReport): string {
  return `${JSON.stringify(fleetReportSchema.parse(report), null, 2)}\n`;
}

export type ParsedFleetReport = { readonly ok: true; readonly report: FleetReport } | { readonly ok: false; readonly errors: readonly string[] };

/** Reads a fleet.json back; every problem names the path inside the document. */
export function parseFleetReportJson(text: string, source: string): ParsedFleetReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${source}: not JSON: ${(error as Error).message}`] };
  }
  const parsed = fleetReportSchema.safeParse(value);
  if (parsed.success) return { ok: true, report: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => `${source}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`) };
}
