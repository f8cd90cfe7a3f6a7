/** Datelines: a line that is only a date, and the ISO date it states (no more than it states). */

export interface ParsedDate {
  /** As much of the ISO date as the line states (YYYY-MM-DD, YYYY-MM, YYYY), or null without a year. */
  iso: string | null;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, enero: 1, janeiro: 1,
  feb: 2, february: 2, febrero: 2, fevereiro: 2,
  mar: 3, march: 3, marzo: 3, março: 3, marco: 3,
  apr: 4, april: 4, abril: 4,
  may: 5, mayo: 5, maio: 5,
  jun: 6, june: 6, junio: 6, junho: 6,
  jul: 7, july: 7, julio: 7, julho: 7,
  aug: 8, august: 8, agosto: 8,
  sep: 9, sept: 9, september: 9, septiembre: 9, setembro: 9,
  oct: 10, october: 10, octubre: 10, outubro: 10,
  nov: 11, november: 11, noviembre: 11, novembro: 11,
  dec: 12, december: 12, diciembre: 12, dezembro: 12,
};
const MONTH = `(${Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])\\.?`;
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';
const CLOCK = '\\d{1,2}(?:(?::\\d{2}){1,2}(?:\\s*[ap]\\.?m\\.?)?|\\s*[ap]\\.?m\\.?|h\\d{2})';
const TIME = `(?:\\s*(?:,|at|-|–|—)?\\s*${CLOCK}(?:\\s*(?:[A-Z]{2,4}|(?:utc|gmt)[+-]?\\d{0,2}))?)?`;
const PREFIX = '(?:(?:published|updated|posted|last updated|date|publicado|atualizado)\\s*(?:on|:)?\\s*)?';

/**
 * A line that is only a date, in any common form: `March 23, 2023`, `23 March 2023`,
 * `Thursday, March 23`, `2023-03-23`, `27/08/2023 12:45`, `August 2023`, optionally with
 * `Published`/`Updated` and a time. Returns null for any other line.
 */
export function parseDateLine(text: string): ParsedDate | null {
  const line = text.trim();
  if (line.length > 80) return null;
  const full = (body: string) => new RegExp(`^${PREFIX}${WEEKDAY}${body}${TIME}$`, 'iu');
  let m: RegExpExecArray | null;
  if ((m = full(`${MONTH}\\s+(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`).exec(line))) return fromParts(m[3], MONTHS[m[1]!.toLowerCase()], m[2]);
  if ((m = full(`(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:de\\s+)?${MONTH}(?:,?\\s+(?:de\\s+)?(\\d{4}))?`).exec(line))) return fromParts(m[3], MONTHS[m[2]!.toLowerCase()], m[1]);
  if ((m = full(`(\\d{4})-(\\d{2})-(\\d{2})(?:T[\\d:.]+Z?)?`).exec(line))) return fromParts(m[1], Number(m[2]), m[3]);
  if ((m = full(`(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})`).exec(line))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    // 27/08/2023 can only be day/month; 08/05/2023 could be either, so only its year is stated.
    if (a > 12 && b <= 12) return fromParts(m[3], b, m[1]);
    if (b > 12 && a <= 12) return fromParts(m[3], a, m[2]);
    if (a === b) return fromParts(m[3], a, m[1]);
    return fromParts(m[3], undefined, undefined);
  }
  if ((m = full(`${MONTH},?\\s+(\\d{4})`).exec(line))) return fromParts(m[2], MONTHS[m[1]!.toLowerCase()], undefined);
  return null;
}

function fromParts(year: string | undefined, month: number | undefined, day: string | undefined): ParsedDate | null {
  if (month !== undefined && (month < 1 || month > 12)) return null;
  if (year === undefined) {
    // A weekday and a day of the month without a year: a dateline, but it states no year.
    if (day !== undefined && (Number(day) < 1 || Number(day) > 31)) return null;
    return { iso: null };
  }
  if (month === undefined) return { iso: year };
  const mm = String(month).padStart(2, '0');
  if (day === undefined) return { iso: `${year}-${mm}` };
  const iso = `${year}-${mm}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(iso)) return null;
  return { iso };
}
