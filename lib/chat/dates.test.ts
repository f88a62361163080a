import { describe, expect, it } from 'vitest';
import { clock24, clockTime, dayLabel, distanceStrict } from './dates';

// Local times, so the expectations hold in any time zone the tests run in.
const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('dates', () => {
  it('writes clock times', () => {
    expect(clockTime(at(2026, 11, 23, 0, 5))).toBe('12:05 AM');
    expect(clockTime(at(2026, 11, 23, 9, 30))).toBe('9:30 AM');
    expect(clockTime(at(2026, 11, 23, 12, 0))).toBe('12:00 PM');
    expect(clockTime(at(2026, 11, 23, 23, 59))).toBe('11:59 PM');
    expect(clock24(at(2026, 11, 23, 7, 4))).toBe('07:04');
    expect(clock24(at(2026, 11, 23, 19, 45))).toBe('19:45');
  });

  it('labels days', () => {
    const now = at(2026, 3, 1, 10);
    expect(dayLabel(at(2026, 3, 1, 0, 1), now)).toBe('Today');
    expect(dayLabel(at(2026, 2, 28, 23, 59), now)).toBe('Yesterday');
    expect(dayLabel(at(2026, 2, 27, 12), now)).toBe('Friday, February 27');
    expect(dayLabel(at(2025, 11, 23), now)).toBe('Sunday, November 23');
  });

  it('counts distances in one unit, rounded down', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const ago = (minutes: number) => now - minutes * 60_000;
    expect(distanceStrict(now - 45_000, now)).toBe('45 seconds');
    expect(distanceStrict(ago(1), now)).toBe('1 minute');
    expect(distanceStrict(ago(59.9), now)).toBe('59 minutes');
    expect(distanceStrict(ago(60), now)).toBe('1 hour');
    expect(distanceStrict(ago(23 * 60 + 59), now)).toBe('23 hours');
    expect(distanceStrict(ago(24 * 60), now)).toBe('1 day');
    expect(distanceStrict(ago(29 * 24 * 60), now)).toBe('29 days');
    expect(distanceStrict(ago(30 * 24 * 60), now)).toBe('1 month');
    expect(distanceStrict(ago(359 * 24 * 60), now)).toBe('11 months');
    expect(distanceStrict(ago(362 * 24 * 60), now)).toBe('1 year');
    expect(distanceStrict(ago(800 * 24 * 60), now)).toBe('2 years');
    expect(distanceStrict(now, ago(5))).toBe('5 minutes');
  });
});
