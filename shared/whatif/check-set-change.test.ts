import { describe, expect, it } from 'vitest';
import { LATEST, v1 } from '../pss/version.ts';
import { checkSetChanges } from './check-set-change.ts';

describe('checkSetChanges', () => {
  it('is empty between versions with identical check sets', () => {
    expect(checkSetChanges({ level: 'restricted', version: v1(25) }, { level: 'restricted', version: v1(26) })).toEqual([]);
    expect(checkSetChanges({ level: 'baseline', version: v1(37) }, { level: 'baseline', version: LATEST })).toEqual([]);
  });

  it('names added checks and changed definitions, by check ID', () => {
    expect(checkSetChanges({ level: 'baseline', version: v1(24) }, { level: 'baseline', version: v1(37) })).toEqual([
      { check: 'hostProbesAndHostLifecycle', from: null, to: 'v1.34' },
      { check: 'procMount', from: 'v1.0', to: 'v1.35' },
      { check: 'seLinuxOptions', from: 'v1.0', to: 'v1.31' },
      { check: 'sysctls', from: 'v1.0', to: 'v1.37' },
    ]);
  });

  it('names a baseline check a restricted one overrides as no longer running', () => {
    const changes = checkSetChanges({ level: 'restricted', version: v1(34) }, { level: 'restricted', version: v1(35) });
    expect(changes).toContainEqual({ check: 'procMount_restricted', from: null, to: 'v1.35' });
    expect(changes).toContainEqual({ check: 'procMount', from: 'v1.0', to: null });
  });
});
