/**
 * The years a question asks about ("overdose deaths in 2021", "fiscal 2023", "en 2019").
 * A passage that does not say the year does not answer for it: the CDC's figure for 2021 is no
 * answer to "how many died in 2019", nor an article of 2023 to "the Sinaloa cartel in 2024".
 * Search keeps only the answers that say every year asked (search-index.ts), and refuses the
 * question when none does.
 */

/** A number from 1900 to 2099 standing alone: not part of a longer number, a decimal or a word (`12,2021`, `2021.5`, `FY2023x`). */
const YEAR_LIKE = /(?<![\p{L}\p{N}$€£.,])(?:FY ?)?((?:19|20)\d\d)(?![\p{L}\p{N}]|[.,]\d)/giu;

/**
 * Words before a number that make it a year (`in 2021`, `since 2019`, `between 2018 and 2021`,
 * `Mexico's 2024 election`, `the 2023 report`, `en 2019`): otherwise a year-like number followed
 * by a word is read as a quantity (`2000 pills`, `2000 times more potent`, `a 2000-pound load`).
 */
const YEAR_CUE =
  /(?:(?:^|[^\p{L}])(?:in|since|by|during|from|between|and|to|until|till|through|of|before|after|around|early|late|mid|fiscal|year|the|this|last|next|en|desde|para|del|de|hasta|entre|y|año|antes|después|durante|fin|finales|principios|mediados)|['’]s)\s*$/iu;
/** Words after a number that make it one of two or more years (`2021 vs 2022`, `2018 to 2021`). */
const YEAR_FOLLOWED = /^\s*(?:vs\.?|versus|and|or|to|through|until|compared|y|o|a|hasta|contra)\s/iu;

/** Words after a number that make it a quantity whatever comes before (`of 2000 pounds`, `up to 2000 people`). */
const QUANTITY_AFTER =
  /^\s*(?:%|percent\b|per cent\b|por ciento\b|pounds?\b|lbs?\b|kilos?\b|kilograms?\b|kilogramos?\b|kg\b|grams?\b|gramos?\b|tons?\b|toneladas?\b|pills?\b|pastillas?\b|p[ií]ldoras?\b|doses?\b|dosis\b|people\b|persons?\b|personas\b|deaths?\b|muertes\b|muertos\b|agents?\b|agentes\b|dollars?\b|d[oó]lares\b|pesos\b|miles\b|km\b|kil[oó]metros?\b|troops\b|soldiers\b|soldados\b|arrests?\b|arrestos\b|detenidos\b|times\b|veces\b|guns\b|armas\b|labs?\b|laborator\p{L}*|cases\b|casos\b|members\b|miembros\b|more\b|m[aá]s\b)/iu;

/** The distinct years asked about, in the order typed. */
export function askedYears(query: string): string[] {
  const years: string[] = [];
  for (const match of query.matchAll(YEAR_LIKE)) {
    const year = match[1]!;
    const before = query.slice(Math.max(0, match.index - 20), match.index);
    const after = query.slice(match.index + match[0].length);
    // A year: after FY or a cue word, or with no word after it (`fentanyl seizures 2024`, `… in 2021?`).
    const isYear = (/^FY/i.test(match[0]) || YEAR_CUE.test(before) || YEAR_FOLLOWED.test(after) || !/^\s*[-‐]?\s*\p{L}/u.test(after)) && !QUANTITY_AFTER.test(after);
    if (isYear && !years.includes(year)) years.push(year);
  }
  return years;
}
