import { describe, expect, it } from 'vitest';
import { parseScheduledEvent, ScheduledEventError } from './scheduled-event.ts';

const NOW = new Date('2026-11-29T07:00:03.500Z');

describe('parseScheduledEvent', () => {
  it("acts for the schedule's time, not the invocation's, so a retried delivery does the same work", () => {
    expect(parseScheduledEvent({ trigger: 'schedule', scheduledTime: '2026-11-29T07:00:00Z' }, NOW, 'report')).toEqual({ at: new Date('2026-11-29T07:00:00.000Z'), trigger: 'schedule' });
  });

  it('acts for now when invoked by hand with an empty event', () => {
    for (const event of [{}, null, undefined]) expect(parseScheduledEvent(event, NOW, 'watchdog')).toEqual({ at: NOW, trigger: 'manual' });
  });

  it('refuses any other event, naming the function, the field and the shape it wants', () => {
    expect(() => parseScheduledEvent({ trigger: 'schedule', scheduledTime: 'tonight' }, NOW, 'watchdog')).toThrow(ScheduledEventError);
    expect(() => parseScheduledEvent({ trigger: 'cron' }, NOW, 'watchdog')).toThrow(
      'the watchdog event must be {"trigger":"schedule","scheduledTime":"<ISO 8601>"} or empty: trigger: must be "schedule"; scheduledTime: must be an ISO 8601 date-time (the run\'s scheduled time)',
    );
  });
});
