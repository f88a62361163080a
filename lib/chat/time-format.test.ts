import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { compactTime, dayLabel, messageTime } from './time-format';

// Intl may put a narrow no-break space before AM/PM; people read it as a space.
const spaces = (s: string) => s.replace(/\s/gu, ' ');

describe('message time formatting', () => {
  const samples = [
    new Date(2026, 10, 23, 0, 5),
    new Date(2026, 10, 23, 9, 7),
    new Date(2026, 10, 23, 12, 0),
    new Date(2026, 10, 23, 15, 4),
    new Date(2026, 10, 23, 23, 59),
  ];

  it('matches the date-fns formats it replaces (p and HH:mm)', () => {
    for (const d of samples) {
      expect(spaces(messageTime(d))).toBe(format(d, 'p'));
      expect(compactTime(d)).toBe(format(d, 'HH:mm'));
    }
  });

  it('labels today, yesterday and older days, across a month boundary', () => {
    const now = new Date(2026, 11, 1, 8, 0);
    expect(dayLabel(new Date(2026, 11, 1, 0, 1), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 10, 30, 23, 59), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2026, 10, 29, 12, 0), now)).toBe(format(new Date(2026, 10, 29), 'EEEE, MMMM d'));
    expect(dayLabel(new Date(2026, 10, 29, 12, 0), now)).toBe('Sunday, November 29');
  });
});
