const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * A weekday that is neither yesterday, today nor tomorrow in UTC, so in no
 * time zone is it today. A plan set up with `/plan start` also gets a daily
 * quiz on its days, open 12 hours from its time: on a weekday, during the
 * day, the bot's quiz tick would post today's question itself as soon as the
 * plan has posted a lesson, racing the test's own `/quiz-now`. On this day the
 * plan's slot is never open while the test runs, whatever the time of day.
 */
export function quietStudyDay(now = new Date()): string {
  return WEEKDAYS[(now.getUTCDay() + 3) % 7]!;
}
