/**
 * The figures a piece of text states, so that one digest never states the same one twice
 * ("over 70,000 Americans in 2021" and "an estimated 70,601 in 2021"; "85%" and "86.3%";
 * "two-thirds" and "two in three"). A figure is a share or a quantity; years, days of the
 * month and small counts written in digits ("5 minutes") are not figures.
 */
export interface Fact {
  kind: 'share' | 'quantity';
  value: number;
}

/** Two figures within this relative distance are taken for the same one, rounded differently. */
const SAME_WITHIN = 0.05;

const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

const FRACTIONS: [RegExp, number][] = [
  [/\btwo[- ]thirds\b|\btwo in (?:every )?three\b/i, 66.7],
  [/\bone[- ]third\b|\bone in (?:every )?three\b/i, 33.3],
  [/\bthree[- ]quarters\b|\bthree in (?:every )?four\b/i, 75],
  [/\bone[- ]quarter\b|\bone in (?:every )?four\b/i, 25],
  [/\b(?:one[- ])?half\b|\bone in (?:every )?two\b/i, 50],
  [/\bnine in (?:every )?ten\b/i, 90],
];

const MONTH = /(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+$/;

/** The shares and quantities stated in `text`. */
export function factsOf(text: string): Fact[] {
  const facts: Fact[] = [];
  for (const [pattern, value] of FRACTIONS) if (pattern.test(text)) facts.push({ kind: 'share', value });
  const number = /(?<![\p{L}\d.,])([$€£]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(%|percent\b|per cent\b)|\s+(thousand|million|billion|trillion)\b)?/giu;
  for (const match of text.matchAll(number)) {
    const [, currency, whole, decimals, percent, scale] = match;
    const value = Number(`${whole!.replace(/,/g, '')}${decimals ?? ''}`);
    if (percent) {
      facts.push({ kind: 'share', value });
      continue;
    }
    const scaled = value * (scale ? SCALE[scale.toLowerCase()]! : 1);
    const isYear = !currency && !scale && !decimals && !whole!.includes(',') && value >= 1900 && value <= 2100;
    const isDay = !currency && !scale && value <= 31 && MONTH.test(text.slice(0, match.index));
    // Small bare counts ("5 minutes", "four Americans" written as 4) are everyday numbers, not figures.
    if (isYear || isDay || (!currency && !scale && scaled < 10)) continue;
    facts.push({ kind: 'quantity', value: scaled });
  }
  return facts;
}

function sameFact(a: Fact, b: Fact): boolean {
  if (a.kind !== b.kind) return false;
  return Math.abs(a.value - b.value) <= SAME_WITHIN * Math.max(Math.abs(a.value), Math.abs(b.value));
}

/** Whether any figure of `a` is one of `b`'s. */
export function sharesFact(a: readonly Fact[], b: readonly Fact[]): boolean {
  return a.some((fact) => b.some((other) => sameFact(fact, other)));
}
