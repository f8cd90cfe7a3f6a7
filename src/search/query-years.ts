/**
 * The years a question asks about ("overdose deaths in 2021", "fiscal 2023", "en 2019").
 * A passage that does not say the year does not answer for it: the CDC's figure for 2021 is no
 * answer to "how many died in 2019", nor an article of 2023 to "the Sinaloa cartel in 2024".
 * Search keeps only the answers that say every year asked (search-index.ts), and refuses the
 * question when none does.
 */

/**
 * A year from 1900 to 2099 standing alone: not part of a longer number or a decimal
 * (`12,2021`, `2021.5`), and not a quantity (`2000 pounds`, `1950 agents`, `2000%`).
 */
const YEAR =
  /(?:(?<=\bFY)|(?<![\p{L}\p{N}$€£.,]))(?:19|20)\d\d(?![\p{L}\p{N}]|[.,]\d|\s*(?:%|percent\b|per cent\b|por ciento\b|pounds?\b|lbs?\b|kilos?\b|kilograms?\b|kilogramos?\b|kg\b|grams?\b|gramos?\b|tons?\b|toneladas?\b|pills?\b|pastillas?\b|p[ií]ldoras?\b|doses?\b|dosis\b|people\b|persons?\b|personas\b|deaths?\b|muertes\b|muertos\b|agents?\b|agentes\b|dollars?\b|d[oó]lares\b|pesos\b|miles\b|km\b|kil[oó]metros?\b|troops\b|soldiers\b|soldados\b|arrests?\b|arrestos\b|detenidos\b))/giu;

/** The distinct years asked about, in the order typed. */
export function askedYears(query: string): string[] {
  return [...new Set(Array.from(query.matchAll(YEAR), (match) => match[0]))];
}
