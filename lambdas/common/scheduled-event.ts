// The event of a function EventBridge Scheduler starts (report, watchdog), read as the instant the
// function acts for: the schedule's `{"trigger":"schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}`,
// or an empty event (a person invoking it by hand: now). The scheduled time, not the invocation
// time, so a delivery the Scheduler retries (up to an hour later) does the same work again: the
// report writes the same keys, the watchdog judges the same moment. It is also the clock the local
// flow moves to let a window lapse (test/e2e/missed-scan-watchdog.test.ts).
import { z } from 'zod';
import { runIdSchema } from './work-item.ts';

export interface ScheduledInstant {
  readonly at: Date;
  readonly trigger: 'schedule' | 'manual';
}

export class ScheduledEventError extends Error {
  override readonly name = 'ScheduledEventError';
}

const scheduleEvent = z.strictObject({
  trigger: z.literal('schedule', { error: 'must be "schedule"' }),
  scheduledTime: runIdSchema,
});

/** `event` as Lambda hands it over; `now` the invocation time; `functionName` for the message. */
export function parseScheduledEvent(event: unknown, now: Date, functionName: string): ScheduledInstant {
  const empty = event === null || event === undefined || (typeof event === 'object' && !Array.isArray(event) && Object.keys(event).length === 0);
  if (empty) return { at: now, trigger: 'manual' };
  const parsed = scheduleEvent.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`);
    throw new ScheduledEventError(`the ${functionName} event must be {"trigger":"schedule","scheduledTime":"<ISO 8601>"} or empty: ${problems.join('; ')}`);
  }
  return { at: new Date(parsed.data.scheduledTime), trigger: 'schedule' };
}
