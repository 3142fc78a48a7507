import { describe, expect, it } from 'vitest';
import { DispatchInputError, parseDispatchEvent } from './dispatch-event.ts';

const NOW = new Date('2026-11-29T02:00:07.123Z');

describe('parseDispatchEvent', () => {
  it("takes the run id from the Scheduler's scheduled time, so a redelivered schedule event is the same run", () => {
    const event = { trigger: 'schedule', scheduledTime: '2026-11-29T02:00:00Z' };

    expect(parseDispatchEvent(event, NOW)).toEqual({ runId: '2026-11-29T02:00:00.000Z', trigger: 'schedule' });
    expect(parseDispatchEvent({ ...event }, new Date('2026-11-29T02:05:00Z')).runId).toBe('2026-11-29T02:00:00.000Z');
  });

  it('normalises the time, so two spellings of one instant are one run', () => {
    expect(parseDispatchEvent({ trigger: 'schedule', scheduledTime: '2026-11-29T03:00:00+01:00' }, NOW).runId).toBe('2026-11-29T02:00:00.000Z');
  });

  it('starts a manual run at the invocation time for an empty event', () => {
    for (const event of [{}, null, undefined]) expect(parseDispatchEvent(event, NOW)).toEqual({ runId: '2026-11-29T02:00:07.123Z', trigger: 'manual' });
  });

  it('refuses anything else, saying which field is wrong and what the event must look like', () => {
    const refusal = (event: unknown): string => {
      try {
        parseDispatchEvent(event, NOW);
      } catch (error) {
        expect(error).toBeInstanceOf(DispatchInputError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };

    expect(refusal({ trigger: 'schedule', scheduledTime: 'tonight' })).toBe(
      'the dispatch event must be {"trigger":"schedule","scheduledTime":"<ISO 8601>"} or empty: scheduledTime: must be an ISO 8601 date-time (the run\'s scheduled time)',
    );
    expect(refusal({ trigger: 'cron', scheduledTime: '2026-11-29T02:00:00Z' })).toMatch(/: trigger: must be "schedule"$/);
    expect(refusal({ trigger: 'schedule', scheduledTime: '2026-11-29T02:00:00Z', extra: 1 })).toMatch(/Unrecognized key: "extra"/);
    expect(refusal(['schedule'])).toMatch(/\(event\): /);
  });
});
