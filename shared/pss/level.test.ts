import { describe, expect, it } from 'vitest';
import { compareLevels } from './level.ts';

describe('compareLevels', () => {
  it('orders privileged < baseline < restricted', () => {
    expect(compareLevels('privileged', 'baseline')).toBe(-1);
    expect(compareLevels('restricted', 'baseline')).toBe(1);
    expect(compareLevels('baseline', 'baseline')).toBe(0);
  });
});
