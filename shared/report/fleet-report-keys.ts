// Where a fleet report's documents go in the report sink:
//
//   reports/fleet/date=YYYY-MM-DD/<generatedAt>/fleet.{json,csv,html}
//
// Under reports/ with the alerts' findings reports (notify/report-key.ts), so one grant covers
// what auditors read, but in a folder of its own: the alerts' reports are partitioned by
// account=/region=/cluster= first, and a fleet report belongs to no cluster. The time is the
// report's generatedAt compacted like snapshot keys (`20261129T060000.000Z`): two runs in one night
// never share a folder, and the same run retried writes the same bytes to the same keys.
import { compactTime } from '../store/snapshot-keys.ts';

export const FLEET_REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type FleetReportFormat = (typeof FLEET_REPORT_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<FleetReportFormat, string>> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8; header=present',
  html: 'text/html; charset=utf-8',
};

export function fleetReportFolder(generatedAt: string): string {
  return `reports/fleet/date=${generatedAt.slice(0, 10)}/${compactTime(generatedAt)}/`;
}

export function fleetReportKey(generatedAt: string, format: FleetReportFormat): string {
  return `${fleetReportFolder(generatedAt)}fleet.${format}`;
}
