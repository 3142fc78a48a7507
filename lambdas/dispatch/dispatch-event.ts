// What starts a fleet run: the EventBridge Scheduler target input
// `{"trigger":"schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}`, or an empty event (a
// person invoking the function by hand). The runId is the scheduled time, so a schedule event
// delivered twice starts the same run twice and the scans recognise each other; a manual run takes
// the invocation time.
import { z } from 'zod';
import { runIdSchema } from '../common/work-item.ts';

export type DispatchTrigger = 'schedule' | 'manual';

export interface DispatchRequest {
  readonly runId: string;
  readonly trigger: DispatchTrigger;
}

export class DispatchInputError extends Error {
  override readonly name = 'DispatchInputError';
}

const scheduleEvent = z.strictObject({
  trigger: z.literal('schedule', { error: 'must be "schedule"' }),
  scheduledTime: runIdSchema,
});

/** `event` as Lambda hands it over; `now` is the invocation time. */
export function parseDispatchEvent(event: unknown, now: Date): DispatchRequest {
  const empty = event === null || event === undefined || (typeof event === 'object' && !Array.isArray(event) && Object.keys(event).length === 0);
  if (empty) return { runId: now.toISOString(), trigger: 'manual' };
  const parsed = scheduleEvent.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`);
    throw new DispatchInputError(
      `the dispatch event must be {"trigger":"schedule","scheduledTime":"<ISO 8601>"} or empty: ${problems.join('; ')}`,
    );
  }
  // Normalised, so `...:00Z` and `...:00.000Z` are one run.
  return { runId: new Date(parsed.data.scheduledTime).toISOString(), trigger: 'schedule' };
}
