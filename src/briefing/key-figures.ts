import { splitSentences } from '../knowledge/sentences.ts';
import { factsOf } from './facts.ts';

/** Sentences longer than this read as paragraphs, not as figures. */
const MAX_FIGURE_CHARS = 420;
const MIN_FIGURE_CHARS = 40;

// A year ("in 2021") is a number but not a figure; masked before looking for quantities.
const YEAR = /\b(?:19|20)\d{2}\b(?![,.]?\d|\s*(?:%|percent))/g;

// Headlines and photo captions in article bodies carry numbers too, but no closing punctuation.
const COMPLETE = /[.!?]["”’')\]]*$/;

/** A quantity a reader would call a figure: a share, an amount of money, a large or counted number. */
const QUANTITY = [
  /\d(?:[\d,.]*\d)?\s?(?:%|percent\b|per cent\b)/i,
  /[$€£]\s?\d/,
  /\b\d(?:[\d,.]*\d)?\s*(?:million|billion|trillion|thousand)\b/i,
  /\b\d{1,3}(?:,\d{3})+\b/,
  /\b\d(?:[\d,.]*\d)?\s+(?:[\p{L}-]+\s+){0,2}(?:pounds|kilograms|kilos|kg|tons|tonnes|grams|pills|tablets|doses|deaths|people|overdoses|arrests|seizures|times|agents|traffickers|citizens|victims|firearms|guns|weapons|labs|laboratories)\b/iu,
];

/** The figure must be about what the digest is for: seizures, deaths, shares, amounts. */
const SUBJECT = /seiz|death|extradit|defendant|homicid|\bdied\b|overdos|\bkill|arrest|convict|%|percent|per cent|share|\bpounds\b|kilo|\btons?\b|pills|doses|million|billion|\$|lethal|fatal|traffick|smuggl|\blabs?\b|laborator/i;

/** The sentences of a passage that state a figure, verbatim and in order. */
export function figureSentences(text: string): string[] {
  return splitSentences(text)
    .map((sentence) => sentence.text)
    .filter((sentence) => sentence.length >= MIN_FIGURE_CHARS && sentence.length <= MAX_FIGURE_CHARS && COMPLETE.test(sentence) && statesFigure(sentence));
}

function statesFigure(sentence: string): boolean {
  const masked = sentence.replace(YEAR, 'YEAR');
  return (QUANTITY.some((pattern) => pattern.test(masked)) || factsOf(sentence).length > 0) && SUBJECT.test(masked);
}
