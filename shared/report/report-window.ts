// The nights a fleet report covers: the N UTC dates ending on the report's own date. A night is the
// UTC date a scan started on (the date partition of its snapshot key, snapshot-keys.ts), so a
// nightly run that crosses midnight still counts once, on the date it started.

export interface ReportWindow {
  readonly nights: number;
  /** The first night, `YYYY-MM-DD`. */
  readonly from: string;
  /** The last night: the report's date. */
  readonly to: string;
}

const DAY_MS = 86_400_000;

/** The UTC date of an ISO time, `2026-11-29T04:43:08.123Z` -> `2026-11-29`. */
export function nightOf(isoTime: string): string {
  return new Date(Date.parse(isoTime)).toISOString().slice(0, 10);
}

export function reportWindow(generatedAt: Date, nights: number): ReportWindow {
  if (!Number.isInteger(nights) || nights < 1) throw new RangeError(`a report covers at least one night, not ${nights}`);
  const to = generatedAt.toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - (nights - 1) * DAY_MS).toISOString().slice(0, 10);
  return { nights, from, to };
}

/** Every night of the window, oldest first. */
export function windowNights(window: ReportWindow): string[] {
  const first = Date.parse(window.from);
  return Array.from({ length: window.nights }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
}

export function inWindow(window: ReportWindow, night: string): boolean {
  return night >= window.from && night <= window.to;
}
