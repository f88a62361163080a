/**
 * Message times and day dividers, formatted by the platform's Intl (no locale tables in the bundle;
 * date-fns' token `format` carries its whole English locale into the chat page's first load). English,
 * as the rest of the UI; in the runtime's time zone. One formatter each, reused for every message.
 */
const clock12 = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const clock24 = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekdayMonthDay = new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric' });

/** "3:04 PM". */
export const messageTime = (date: Date): string => clock12.format(date);

/** "15:04", beside grouped messages where space is short. */
export const compactTime = (date: Date): string => clock24.format(date);

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/** "Today", "Yesterday", else "Monday, November 23". */
export function dayLabel(date: Date, now: Date = new Date()): string {
  const today = startOfDay(now);
  const day = startOfDay(date);
  if (day === today) return 'Today';
  // The day before today's midnight, so a 23- or 25-hour day (DST) still counts as one day.
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).getTime();
  if (day === yesterday) return 'Yesterday';
  return weekdayMonthDay.format(date);
}
