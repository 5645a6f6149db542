import { addDays, isScheduledDay, localDateOf, nextSlot, slotFor, startOfLocalDay, type ScheduleSpec, type Slot } from '../quiz/schedule.js';
import { formatDayMonthYear } from '../quiz/time-zone.js';
import type { StudyPlan } from './model.js';

/**
 * When a study plan posts. A study day is named by its local date, like a quiz
 * slot, so the row keyed by it posts each day once through DST switches; a
 * day's post is due from its time until the local day ends (catch-up after
 * downtime "while the day lasts").
 */
export function planSpec(plan: Pick<StudyPlan, 'time' | 'timezone' | 'days'>): ScheduleSpec {
  // The window is not used for plans (a day lasts until midnight); slotFor wants a positive one.
  return { time: plan.time, timezone: plan.timezone, days: plan.days, windowMinutes: 1 };
}

/** The first instant of the next local day: when an undelivered day's post stops mattering. */
export function endOfLocalDay(localDate: string, timezone: string): Date {
  return startOfLocalDay(addDays(localDate, 1), timezone);
}

const studyDay = (plan: Pick<StudyPlan, 'timezone'>, slot: Slot): Slot => ({ ...slot, closesAt: endOfLocalDay(slot.localDate, plan.timezone) });

/**
 * Today's study day if its time has come and the day is not over; undefined
 * otherwise. A plan started after today's time begins on the next study day
 * (`/plan now` is there for today), so only a day that opened after the plan
 * was created is ever caught up.
 */
export function dueStudyDay(plan: Pick<StudyPlan, 'time' | 'timezone' | 'days'> & { createdAt?: Date }, now: Date): Slot | undefined {
  const spec = planSpec(plan);
  const today = localDateOf(now, plan.timezone);
  if (!isScheduledDay(spec, today)) return undefined;
  const slot = slotFor(spec, today);
  if (plan.createdAt && slot.opensAt.getTime() < plan.createdAt.getTime()) return undefined;
  return slot.opensAt.getTime() <= now.getTime() ? studyDay(plan, slot) : undefined;
}

/** The next study day whose time is after `after`. */
export function nextStudyDay(plan: Pick<StudyPlan, 'time' | 'timezone' | 'days'>, after: Date): Slot {
  return studyDay(plan, nextSlot(planSpec(plan), after));
}

/**
 * The local date of the `count`-th study day from `fromLocalDate` (itself
 * included when it is a study day): when a plan that needs `count` more study
 * days finishes.
 */
export function nthStudyDay(plan: Pick<StudyPlan, 'days'>, fromLocalDate: string, count: number): string {
  const spec = { time: '00:00', timezone: 'UTC', days: plan.days, windowMinutes: 1 };
  let date = fromLocalDate;
  let left = Math.max(1, count);
  // At most 7 calendar days per study day: a bounded walk even for the whole course at one day a week.
  const limit = 7 * left + 7;
  for (let guard = 0; guard < limit; guard++) {
    if (isScheduledDay(spec, date) && --left === 0) return date;
    date = addDays(date, 1);
  }
  throw new RangeError('A study plan needs at least one day of the week.');
}

/** "Tue 14 Jul 2027". */
export function formatLocalDate(localDate: string): string {
  return formatDayMonthYear(localDate);
}
