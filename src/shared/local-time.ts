import { z } from 'zod';

/**
 * Wall-clock time in a time zone. A briefing's identity is its channel's *local* date,
 * so every "which day is it" question goes through here rather than through UTC.
 */

/** `7:30` or `07:30`, normalised to `07:30`; `25:00` and `7:60` are refused. */
export const LocalTime = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 07:30')
  .transform((value) => value.padStart(5, '0'));

/** An IANA zone name that this runtime knows (`America/Mexico_City`, `UTC`), in its canonical spelling. */
export const TimeZoneName = z
  .string()
  .trim()
  // Intl also takes offsets and legacy names in any case; a stored zone should be a real IANA name.
  .regex(/^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/, 'must be an IANA time zone such as America/Mexico_City')
  .refine(isTimeZone, 'is not a time zone this system knows')
  .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);

/** A real calendar date written `YYYY-MM-DD`; `2023-02-30` and `2023-13-45` are refused with a message, never a thrown RangeError. */
export const LocalDate = z
  .string()
  // Aborting here: text that is not a date gets one message, not also "not a real calendar date".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((value) => {
    // An impossible month or day makes an invalid Date, whose toISOString() would throw.
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'is not a real calendar date');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) and time (`HH:MM`) an instant shows on a clock in `zone`. */
export function localDateTime(instant: Date, zone: string): { date: string; time: string } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map((piece) => [piece.type, piece.value]));
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/** The calendar date `days` after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** Whole days since 1970-01-01 for a `YYYY-MM-DD` date: a stable counter for daily rotation. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
