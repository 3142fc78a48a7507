import { describe, expect, it } from 'vitest';
import { calibrationClusters } from './fleet-bench-calibration.ts';
import type { ClusterProfile } from './fleet-bench-plan.ts';

const cluster = (name: string, namespaceCount: number, profile: ClusterProfile = 'playbook') => ({ name, spec: { namespaceCount, profile } });

describe('calibrationClusters', () => {
  it('takes the smallest, the median and the largest playbook cluster, and every busy one', () => {
    const fleet = [cluster('a', 450), cluster('b', 300, 'busy'), cluster('c', 150), cluster('d', 375), cluster('e', 225)];
    expect(calibrationClusters(fleet).map((c) => c.name)).toEqual(['c', 'e', 'a', 'b']);
  });

  it('takes each cluster once when the fleet is small', () => {
    expect(calibrationClusters([cluster('a', 450), cluster('b', 150)]).map((c) => c.name)).toEqual(['b', 'a']);
    expect(calibrationClusters([cluster('a', 450)]).map((c) => c.name)).toEqual(['a']);
  });
});
