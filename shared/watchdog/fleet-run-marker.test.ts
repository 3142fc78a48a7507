import { describe, expect, it } from 'vitest';
import { parseRunMarkerJson, RUN_MARKER_API_VERSION, RUN_MARKER_KIND, runMarkerJson, runMarkerKey, runMarkerKeyMillis, type FleetRunMarker } from './fleet-run-marker.ts';

const MARKER: FleetRunMarker = {
  apiVersion: RUN_MARKER_API_VERSION,
  kind: RUN_MARKER_KIND,
  runId: '2026-11-29T02:00:00.000Z',
  trigger: 'schedule',
  dispatchedAt: '2026-11-29T02:00:04.250Z',
  enqueued: [{ account: '111122223333', region: 'eu-west-1', name: 'prod' }],
  skipped: [{ cluster: { account: '111122223333', region: 'eu-west-1', name: 'sandbox' }, reason: 'opted-out' }],
  notEnqueued: [],
  discoveryFailed: [{ account: '444455556666', region: 'us-east-2', step: 'credentials', cluster: null, message: 'AccessDenied' }],
};

describe('the fleet run marker', () => {
  it("is keyed by the run's date and compacted time, and the key gives the time back", () => {
    const key = runMarkerKey(MARKER.runId);

    expect(key).toBe('runs/date=2026-11-29/20261129T020000.000Z.json');
    expect(runMarkerKeyMillis(key)).toBe(Date.parse(MARKER.runId));
    expect(runMarkerKeyMillis('runs/date=2026-11-29/notes.txt')).toBeUndefined();
    expect(runMarkerKeyMillis('snapshots/date=2026-11-29/20261129T020000.000Z.json')).toBeUndefined();
  });

  it('reads back what it writes, and names the object and the field of anything else', () => {
    expect(parseRunMarkerJson(runMarkerJson(MARKER), 's3://b/runs/x.json')).toEqual({ ok: true, marker: MARKER });
    expect(parseRunMarkerJson('{"kind":"FleetRun"}', 's3://b/runs/x.json')).toMatchObject({ ok: false, errors: expect.arrayContaining(['s3://b/runs/x.json: apiVersion: Invalid input: expected "psa-fleet-scanner/v1"']) });
    expect(parseRunMarkerJson('{', 's3://b/runs/x.json')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^s3:\/\/b\/runs\/x\.json: not JSON: /)] });
  });
});
