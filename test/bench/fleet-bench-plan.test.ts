import { describe, expect, it } from 'vitest';
import { clusterSizes, namespacePlan, planFleet, REPEATED_SITUATIONS } from './fleet-bench-plan.ts';

describe('clusterSizes', () => {
  it('spreads evenly from half the mean to one and a half times it', () => {
    expect(clusterSizes(5, 300)).toEqual([150, 225, 300, 375, 450]);
  });

  it('makes a fleet of one its largest', () => {
    expect(clusterSizes(1, 300)).toEqual([450]);
  });
});

describe('planFleet', () => {
  const fleet = planFleet(16, 300);

  it('plans the largest cluster first, the same whatever the fleet size', () => {
    expect(fleet[0]).toEqual(planFleet(2, 300)[0]);
    expect(fleet[0]?.namespaceCount).toBe(450);
    expect(fleet[0]?.profile).toBe('playbook');
  });

  it('makes one cluster of middle size busy', () => {
    const busy = fleet.filter((c) => c.profile === 'busy');
    expect(busy.map((c) => c.name)).toEqual(['fleet-08-busy']);
    expect(busy[0]?.namespaceCount).toBe(clusterSizes(16, 300).reverse()[7]);
    expect(planFleet(16, 300, false).some((c) => c.profile === 'busy')).toBe(false);
  });

  it('puts a few clusters in each member account, across two regions', () => {
    expect(new Set(fleet.map((c) => c.account)).size).toBe(6);
    expect(new Set(fleet.map((c) => `${c.account}/${c.region}/${c.name}`)).size).toBe(16);
    expect(fleet.every((c) => /^\d{12}$/.test(c.account))).toBe(true);
  });
});

describe('namespacePlan', () => {
  it('has the exempt and system namespaces once, then the situations in turn', () => {
    const plan = namespacePlan(2 + 2 * REPEATED_SITUATIONS.length + 1);
    expect(plan.slice(0, 2).map((n) => n.name)).toEqual(['pb-exempt', 'pb-system']);
    expect(plan[2]?.name).toBe(`${REPEATED_SITUATIONS[0]?.name}-001`);
    expect(plan.at(-1)?.name).toBe(`${REPEATED_SITUATIONS[0]?.name}-003`);
    expect(new Set(plan.map((n) => n.name)).size).toBe(plan.length);
  });

  it('fills a busy cluster with busy namespaces', () => {
    const plan = namespacePlan(5, 'busy');
    expect(plan.map((n) => n.name)).toEqual(['pb-exempt', 'pb-system', 'busy-0001', 'busy-0002', 'busy-0003']);
  });
});
