/**
 * Dates as the message list shows them, in the runtime's time zone, written out by hand instead of
 * with date-fns (whose locale machinery was ~6 KiB gzip of the chat page's first load). English
 * only, as the rest of the UI. Unit-tested in dates.test.ts.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number) => String(n).padStart(2, '0');

/** "3:04 PM" (date-fns `p` in en-US). */
export function clockTime(date: Date): string {
  const h = date.getHours();
  return `${h % 12 || 12}:${pad(date.getMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "15:04" (date-fns `HH:mm`). */
export function clock24(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "Today", "Yesterday", else "Monday, November 23" (date-fns `EEEE, MMMM d`). */
export function dayLabel(date: Date, now: Date = new Date()): string {
  if (sameDay(date, now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return `${WEEKDAYS[date.getDay()]}, ${MONTHS[date.getMonth()]} ${date.getDate()}`;
}

const MINUTE = 60_000;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * The distance between two instants in one unit, rounded down: "45 seconds", "5 minutes",
 * "1 hour", "3 days", "2 months", "1 year" (date-fns formatDistanceStrict with floor rounding,
 * months of 30 days and years of 365, as it counts them).
 */
export function distanceStrict(from: number, to: number): string {
  const [earlier, later] = from <= to ? [from, to] : [to, from];
  const ms = later - earlier;
  const minutes = ms / MINUTE;
  // Days and longer count calendar time: an hour gained or lost to daylight saving does not count.
  const offsetChange = (new Date(later).getTimezoneOffset() - new Date(earlier).getTimezoneOffset()) * MINUTE;
  const calendarMinutes = (ms - offsetChange) / MINUTE;
  if (minutes < 1) return plural(Math.floor(ms / 1000), 'second');
  if (minutes < 60) return plural(Math.floor(minutes), 'minute');
  if (minutes < 24 * 60) return plural(Math.floor(minutes / 60), 'hour');
  if (calendarMinutes < 30 * 24 * 60) return plural(Math.floor(calendarMinutes / (24 * 60)), 'day');
  if (calendarMinutes < 365 * 24 * 60) {
    const months = Math.floor(calendarMinutes / (30 * 24 * 60));
    return months === 12 ? '1 year' : plural(months, 'month');
  }
  return plural(Math.floor(calendarMinutes / (365 * 24 * 60)), 'year');
}
