/**
 * "HH:MM" (UTC) of a minute that has at least `roomSeconds` left, waiting for the next one when
 * the current one is nearly over. Tests that schedule the daily quiz "now" with a 1-minute window
 * need it: set up in the last seconds of its minute, the slot closes before a tick sees it open.
 */
export async function currentMinuteWithRoom(roomSeconds = 20): Promise<string> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < roomSeconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  const now = new Date();
  return `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
}
