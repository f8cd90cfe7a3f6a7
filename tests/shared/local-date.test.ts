import { describe, expect, it } from 'vitest';
import { LocalDate } from '../../src/shared/local-time.ts';

const message = (value: string) => {
  const result = LocalDate.safeParse(value);
  return result.success ? null : result.error.issues.map((issue) => issue.message).join('; ');
};

describe('LocalDate', () => {
  it('accepts real calendar dates, leap days included', () => {
    expect(LocalDate.parse('2023-04-14')).toBe('2023-04-14');
    expect(LocalDate.parse('2024-02-29')).toBe('2024-02-29');
  });

  it('refuses an impossible month or day with a message instead of throwing', () => {
    // Month 13 and day 45 make an invalid Date: the check must not end in a RangeError.
    expect(() => LocalDate.safeParse('2023-13-45')).not.toThrow();
    expect(message('2023-13-45')).toBe('is not a real calendar date');
    expect(message('2023-00-10')).toBe('is not a real calendar date');
    expect(message('2023-02-30')).toBe('is not a real calendar date');
    expect(message('2023-02-29')).toBe('is not a real calendar date');
  });

  it('refuses text that is not written YYYY-MM-DD', () => {
    expect(message('tomorrow')).toBe('must be a date written YYYY-MM-DD');
    expect(message('2023-4-14')).toBe('must be a date written YYYY-MM-DD');
  });
});
