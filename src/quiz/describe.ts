import type { QuizChannel } from './model.js';
import { formatDays } from './schedule.js';

/** "#study: mon-fri at 09:00 Europe/Madrid, answers open 12h, chapters 13–17, 20" */
export function describeChannel(channel: QuizChannel): string {
  const chapters = channel.chapters ? `chapters ${formatChapters(channel.chapters)}` : 'all chapters';
  const state = channel.enabled ? '' : ' (paused)';
  return `<#${channel.channelId}>${state}: ${formatDays(channel.days)} at ${channel.time} ${channel.timezone}, answers open ${formatWindow(channel.windowMinutes)}, ${chapters}`;
}

export function formatWindow(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : ''].join('') || '0m';
}

/** [13,14,15,16,17,20] → "13–17, 20" */
export function formatChapters(chapters: readonly number[]): string {
  const parts: string[] = [];
  let start = chapters[0]!;
  let previous = start;
  for (const n of [...chapters.slice(1), Number.NaN]) {
    if (n === previous + 1) {
      previous = n;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}–${previous}`);
    start = previous = n;
  }
  return parts.join(', ');
}
