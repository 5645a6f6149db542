/** The quiz engine's records, as the domain sees them (the db rows satisfy these shapes). */
export interface QuizChannel {
  tenantId: string;
  channelId: string;
  channelName: string | null;
  time: string;
  timezone: string;
  days: string[];
  /** null: the whole course. */
  chapters: number[] | null;
  windowMinutes: number;
  enabled: boolean;
}

export interface QuizPost {
  id: number;
  tenantId: string;
  channelId: string;
  localDate: string;
  questionKey: string;
  choiceOrder: number[];
  cycle: number;
  opensAt: Date;
  closesAt: Date;
  messageId: string | null;
  postedAt: Date | null;
  deliveryAttemptAt: Date | null;
  revealedAt: Date | null;
}
