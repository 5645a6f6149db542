import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Clock, Logger } from '../core/ports.js';
import type { DailyQuiz } from './daily-quiz.js';
import type { QuizChannel } from './model.js';
import type { QuizStore, ScheduleRunStore } from './ports.js';
import type { StudyPlans } from '../plans/study-plans.js';
import type { StudyPlan } from '../plans/model.js';
import { dueStudyDay } from '../plans/plan-schedule.js';
import { channelSpec, dueSlot, localDateOf, WEEKDAYS, type Weekday } from './schedule.js';

export interface ScheduledJob {
  name: string;
  pattern: string;
  timezone: string;
}

const FIRE_INSTANT = /:(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/;

/** node-cron day-of-week numbers: 0 = Sunday. */
const CRON_DAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export function cronPattern(channel: Pick<QuizChannel, 'time' | 'days'>): string {
  const [hour, minute] = channel.time.split(':').map(Number) as [number, number];
  const days = WEEKDAYS.filter((d) => channel.days.includes(d))
    .map((d) => CRON_DAY[d])
    .sort((a, b) => a - b);
  return `${minute} ${hour} * * ${days.length === 7 ? '*' : days.join(',')}`;
}

/**
 * Runs the daily quiz on node-cron: one job per enabled channel, at its local
 * time in its timezone, rebuilt whenever a configuration changes, plus a
 * minute tick that catches up missed posts (downtime, a DST gap) and reveals
 * closed ones. Each job asks a run coordinator backed by Postgres before it
 * runs, so with several replicas one of them runs each slot; the quiz's own
 * claims make a second run harmless anyway.
 */
export class QuizScheduler {
  private channelTasks: ScheduledTask[] = [];
  private tick?: ScheduledTask;
  private jobList: ScheduledJob[] = [];
  private stopped = false;
  /** A rebuild of the per-channel jobs failed (database unreachable): the next tick tries again. */
  private reloadPending = false;

  constructor(
    private readonly quiz: DailyQuiz,
    private readonly store: Pick<QuizStore, 'enabledChannels'>,
    private readonly claims: ScheduleRunStore,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** The catch-up tick's period (node-cron supports a seconds field). */
    private readonly tickSeconds = 60,
    /** Study plans: their days are scheduled beside the quiz's, on the same claims. */
    private readonly plans?: StudyPlans,
  ) {}

  /**
   * Catches up, then schedules. A database that fails meanwhile is logged and
   * retried at the next tick (never a failed start); a stop meanwhile wins.
   */
  async start(): Promise<void> {
    await this.catchUp();
    if (this.stopped) return;
    const pattern = this.tickSeconds === 60 ? '* * * * *' : `*/${this.tickSeconds} * * * * *`;
    this.tick = cron.schedule(pattern, () => this.catchUp(), {
      name: 'studybot:tick',
      timezone: 'UTC',
      noOverlap: true,
      distributed: true,
      // Replicas that can publish on the same platforms share a tick; a Discord standby's tick is
      // its own (it has nothing of Discord's to do), so it never takes the leader's turn.
      runCoordinator: this.tickCoordinator(),
    });
    // A change saved while the database then blips must not become an unhandled rejection:
    // the jobs are rebuilt at the next change, and the tick posts what is due meanwhile.
    this.quiz.channels.onChange(() => void this.reloadOrRetry());
    this.plans?.onChange(() => void this.reloadOrRetry());
    await this.reloadOrRetry();
  }

  /** Rebuilds the per-channel jobs (quizzes and study plans) from the stored configuration. */
  async reload(): Promise<void> {
    if (this.stopped) return;
    const [channels, plans] = await Promise.all([this.store.enabledChannels(), this.plans?.activePlans() ?? []]);
    // Stopped while the database answered: scheduling now would outlive the stop.
    if (this.stopped) return;
    await Promise.all(this.channelTasks.map((task) => task.destroy()));
    this.channelTasks = [];
    this.jobList = [];
    for (const plan of plans) this.schedulePlan(plan);
    for (const channel of channels) this.scheduleJob(`quiz:${channel.tenantId}:${channel.channelId}`, channel, () => this.postChannel(channel));
  }

  private schedulePlan(plan: StudyPlan): void {
    this.scheduleJob(`plan:${plan.tenantId}:${plan.channelId}`, plan, () => this.postPlanDay(plan));
  }

  /** A job at the channel's local time on its days; only a replica that can post on its platform competes for a run. */
  private scheduleJob(name: string, on: Pick<QuizChannel, 'tenantId' | 'time' | 'days' | 'timezone'>, run: () => Promise<void>): void {
    const pattern = cronPattern(on);
    this.channelTasks.push(
      cron.schedule(pattern, run, {
        name,
        timezone: on.timezone,
        noOverlap: true,
        distributed: true,
        runCoordinator: this.coordinator(
          () => (this.quiz.publishers.serves(on.tenantId) ? name : undefined),
          (instant) => localDateOf(instant, on.timezone),
        ),
      }),
    );
    this.jobList.push({ name, pattern, timezone: on.timezone });
  }

  /**
   * A configuration change while the database blips must not become an unhandled rejection (the
   * process would exit): the rebuild is retried at the next tick, which posts what is due meanwhile.
   */
  private async reloadOrRetry(): Promise<void> {
    try {
      this.reloadPending = false;
      await this.reload();
    } catch (error) {
      this.reloadPending = true;
      this.logger.error({ err: error }, 'rebuilding the quiz schedule failed; retrying at the next tick');
    }
  }

  jobs(): readonly ScheduledJob[] {
    return this.jobList;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.channelTasks, ...(this.tick ? [this.tick] : [])].map((task) => task.destroy()));
    this.channelTasks = [];
  }

  /**
   * Claims (task, slot) in Postgres: the slot is the channel's local date, or the instant for the
   * tick. `task` is a name, or a function naming the task at fire time (undefined: not this
   * replica's to run).
   */
  coordinator(task: string | (() => string | undefined), slotOf: (instant: Date) => string): RunCoordinator {
    return {
      shouldRun: async (key: string) => {
        const name = typeof task === 'string' ? task : task();
        if (name === undefined) return false;
        const iso = FIRE_INSTANT.exec(key)?.[1];
        return this.claims.claim(name, iso ? slotOf(new Date(iso)) : key);
      },
    };
  }

  /** The tick's claims, per set of platforms this replica can publish on (none: it does not run). */
  tickCoordinator(): RunCoordinator {
    return this.coordinator(
      () => {
        const platforms = [...this.quiz.publishers.platforms()].sort();
        return platforms.length ? `studybot:tick:${platforms.join('+')}` : undefined;
      },
      (instant) => instant.toISOString().slice(0, 19),
    );
  }

  private async postChannel(channel: QuizChannel): Promise<void> {
    try {
      // A plan posting at the same minute goes first: the day's question may be on the day's lesson.
      await this.postPlanDay({ tenantId: channel.tenantId, channelId: channel.channelId });
      const slot = dueSlot(channelSpec(channel), this.clock.now());
      if (slot) await this.quiz.posts.postSlot(channel, slot);
    } catch (error) {
      this.logger.error({ err: error, tenant: channel.tenantId, channel: channel.channelId }, 'scheduled quiz post failed');
    }
  }

  private async postPlanDay(plan: Pick<StudyPlan, 'tenantId' | 'channelId'>): Promise<void> {
    try {
      // The plan as stored now: a skip, goto or pause since the jobs were built counts.
      const current = await this.plans?.plan(plan.tenantId, plan.channelId);
      const slot = current && dueStudyDay(current, this.clock.now());
      if (current && slot) await this.plans?.postDay(current, slot);
    } catch (error) {
      this.logger.error({ err: error, tenant: plan.tenantId, channel: plan.channelId }, 'scheduled study plan post failed');
    }
  }

  /** Claims what is due; the deliveries go on in the background, so a slow platform never holds up the next tick. */
  private async catchUp(): Promise<void> {
    if (this.reloadPending) await this.reloadOrRetry();
    try {
      await this.plans?.claimDue(this.clock.now());
    } catch (error) {
      this.logger.error({ err: error }, 'study plan catch-up failed');
    }
    try {
      await this.quiz.claimDue();
    } catch (error) {
      this.logger.error({ err: error }, 'quiz catch-up failed');
    }
  }
}
