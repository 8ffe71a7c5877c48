import { CronTime } from 'cron';

/**
 * The scheduled time of the tick a timer just fired for: the latest occurrence of the cron expression at or
 * before `firedAt`, looking back at most `lookbackMs`; undefined when the timer fired later than that.
 * Nodes whose timers fire a little apart, late or with skewed clocks, name the same tick this way, where
 * rounding the firing time to the second let a node one side of a half-second run a tick twice and skip the next.
 */
export function scheduledTickOf(cron: string, timeZone: string | undefined, firedAt: number, lookbackMs: number): number | undefined {
  const time = new CronTime(cron, timeZone);
  let candidate = time.getNextDateFrom(new Date(firedAt - lookbackMs), timeZone).toMillis();
  if (candidate > firedAt) return undefined;
  for (
    let next = time.getNextDateFrom(new Date(candidate), timeZone).toMillis();
    next <= firedAt;
    next = time.getNextDateFrom(new Date(candidate), timeZone).toMillis()
  )
    candidate = next;
  return candidate;
}
