import { describe, expect, it } from 'vitest';
import { inWindow, nightOf, reportWindow, windowNights } from './report-window.ts';

describe('reportWindow', () => {
  it('covers the N UTC dates ending on the report date', () => {
    const window = reportWindow(new Date('2026-11-28T06:00:00.000Z'), 7);
    expect(window).toEqual({ nights: 7, from: '2026-11-22', to: '2026-11-28' });
    expect(windowNights(window)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
  });

  it('crosses month and year ends and counts 29 February', () => {
    expect(reportWindow(new Date('2027-01-02T00:00:00.000Z'), 3)).toEqual({ nights: 3, from: '2026-12-31', to: '2027-01-02' });
    expect(windowNights(reportWindow(new Date('2028-03-01T12:00:00.000Z'), 2))).toEqual(['2028-02-29', '2028-03-01']);
  });

  it('is one night for --nights 1, and refuses fewer', () => {
    expect(reportWindow(new Date('2026-11-28T23:59:59.999Z'), 1)).toEqual({ nights: 1, from: '2026-11-28', to: '2026-11-28' });
    expect(() => reportWindow(new Date(), 0)).toThrow(RangeError);
    expect(() => reportWindow(new Date(), 1.5)).toThrow(RangeError);
  });

  it('dates a scan by the UTC date it started on, whatever offset the time is written with', () => {
    expect(nightOf('2026-11-28T23:30:00.000Z')).toBe('2026-11-28');
    expect(nightOf('2026-11-28T23:30:00-02:00')).toBe('2026-11-29');
    const window = reportWindow(new Date('2026-11-28T06:00:00.000Z'), 2);
    expect([inWindow(window, '2026-11-26'), inWindow(window, '2026-11-27'), inWindow(window, '2026-11-28'), inWindow(window, '2026-11-29')]).toEqual([false, true, true, false]);
  });
});
