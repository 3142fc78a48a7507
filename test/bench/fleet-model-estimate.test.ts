import { describe, expect, it } from 'vitest';
import { clusterEstimate, DEFAULT_ASSUMPTIONS, linearFit, nightEstimate, planeFit, type MeasuredInputs, type ProfileInputs } from './fleet-model-estimate.ts';
import type { CalibrationScan } from './fleet-bench-result.ts';

describe('linearFit', () => {
  it('recovers a line from points on it', () => {
    expect(linearFit([1, 2, 3, 4].map((x) => ({ x, y: 5 + 2 * x })))).toEqual({ intercept: 5, slope: 2 });
  });

  it('gives a flat line through the mean when x does not vary', () => {
    expect(linearFit([{ x: 3, y: 1 }, { x: 3, y: 3 }])).toEqual({ intercept: 2, slope: 0 });
  });
});

describe('planeFit', () => {
  it('recovers a plane from points that vary in both directions', () => {
    const points = [
      [150, 0.8],
      [300, 1.5],
      [450, 2.3],
      [300, 26],
    ].map(([x1 = 0, x2 = 0]) => ({ x1, x2, y: 160 + 0.25 * x1 + 3 * x2 }));
    const [w0, w1, w2] = planeFit(points) ?? [NaN, NaN, NaN];
    expect(w0).toBeCloseTo(160, 6);
    expect(w1).toBeCloseTo(0.25, 6);
    expect(w2).toBeCloseTo(3, 6);
  });

  it('refuses points on one line: the plane is not determined', () => {
    expect(planeFit([1, 2, 3].map((x) => ({ x1: x, x2: 2 * x, y: x })))).toBeUndefined();
  });
});

const calibration: CalibrationScan = {
  cluster: 'c',
  profile: 'playbook',
  namespaces: 400,
  pods: 1000,
  podJsonBytes: 2048,
  coldMs: 600,
  warmMs: 500,
  warmSweepMs: 300,
  requests: 500,
  retries: 0,
  throttled: 0,
  coldPeakRssMb: 200,
  warmPeakRssMb: 300,
  cpuMs: 240,
  serverRequests: 500,
  loadAverage: 1,
};

const profile: ProfileInputs = {
  name: 'test',
  clusters: 1,
  podsPerNamespace: 4,
  podJsonBytes: 1024 * 1024 / 4, // a quarter MB each: one MB of pods per namespace
  requests: { intercept: 3, slope: 1.25 },
  cpuMsPerNamespace: 0.5,
  warmMsPerNamespace: 1,
  inventoryMsPerPodMb: 10,
  calibration,
};

const measured: MeasuredInputs = {
  measuredAt: '2026-11-29T00:00:00.000Z',
  command: 'npm run bench:fleet',
  cpus: 2,
  clusters: 5,
  namespaces: { min: 100, max: 400, total: 1000 },
  scanConcurrency: 16,
  maxConcurrentScans: 10,
  scanMemoryMb: 1769,
  scanTimeoutSeconds: 900,
  profiles: [profile],
  memory: { intercept: 150, perNamespaceMb: 0.1, perPodMb: 2, handlerOverheadMb: 50, handlerPeakMb: 400, handlerPeakCluster: 'c' },
  itemOverheadMs: 500,
  s3ReadsPerItem: 4,
  s3WritesPerItem: 4,
  describeClusterPerCluster: 2,
  snapshotBytes: { intercept: 0, slope: 4096 },
  serverMsPerRequest: 10,
  seatsPerRequest: 1,
  rejected429: 0,
  nightWallMs: 10_000,
  nightClusters: 5,
  nightCpuBusy: 0.9,
  nightScanMs: { min: 1, median: 2, max: 3 },
  apf: { priorityLevel: 'global-default', nominalSeats: 49, serverSeats: 602 },
};

describe('clusterEstimate', () => {
  const a = { ...DEFAULT_ASSUMPTIONS, namespacesPerCluster: 1000, requestMs: 32, awsItemOverheadMs: 800 };
  const c = clusterEstimate(measured, a, profile, a.requestMs);

  it('counts the requests from the measured line', () => {
    expect(c.requests).toBe(3 + 1.25 * 1000);
  });

  it('takes the slower of the CPU and the latency over SCAN_CONCURRENCY per namespace', () => {
    expect(c.latencyPerNamespaceMs).toBe((1.25 * 32) / 16);
    expect(c.perNamespaceMs).toBe(2.5);
    expect(clusterEstimate(measured, a, { ...profile, cpuMsPerNamespace: 4 }, a.requestMs).perNamespaceMs).toBe(4);
  });

  it('lists the pods by MB and by page, and adds the larger AWS overhead', () => {
    expect(c.pods).toBe(4000);
    expect(c.podPages).toBe(8);
    expect(c.inventoryMs).toBeCloseTo(1000 * 10 + 8 * 32, 6);
    expect(c.scanMs).toBeCloseTo(c.inventoryMs + 1000 * 2.5, 6);
    expect(c.itemMs).toBeCloseTo(c.scanMs + 800, 6);
  });

  it('grows memory per namespace and per MB of pods from the handler base', () => {
    expect(c.peakRssMb).toBeCloseTo(150 + 50 + 1000 * (0.1 + 2 * 1), 6);
    expect(c.splitAtMemory).toBe(Math.floor((0.8 * 1769 - 200) / 2.1));
  });

  it('splits by time where the safe share of the timeout runs out', () => {
    const perNamespace = 2.5 + 10 + (4 / 500) * 32;
    expect(c.splitAtTime).toBe(Math.floor(((2 / 3) * 900_000 - 800) / perNamespace));
  });
});

describe('nightEstimate', () => {
  it('drains the fleet at the concurrency after half a ramp-up', () => {
    const a = { ...DEFAULT_ASSUMPTIONS, clusters: 1000 };
    const c = { ...clusterEstimate(measured, a, profile, 25), itemMs: 10_000, snapshotBytes: 1024 ** 2 };
    const night = nightEstimate(measured, a, c, 65);
    expect(night.rampSeconds).toBe(12);
    expect(night.wallSeconds).toBe(6 + (1000 * 10) / 65);
    expect(night.itemsPerSecond).toBe(6.5);
    expect(night.s3WritesPerSecond).toBe(26);
    expect(night.snapshotGb).toBeCloseTo(1000 / 1024, 6);
  });
});
