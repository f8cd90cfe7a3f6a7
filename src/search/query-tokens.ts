/**
 * The words of a query as the search looks them up: `contentTokens`, less the words that
 * only frame a question, with numbers read the way the knowledge base writes them.
 *
 * Numbers. The tokenizer joins number words into digits (`twenty-six thousand` → `26000`),
 * which meets `26,000` in the text. Articles write large amounts as a decimal and a scale word
 * (`1.2 million`, `$243 billion`), so a spelled-out amount in millions or billions is also
 * looked up that way (`two hundred forty-three billion` → `243` and `billion`), a spoken
 * decimal is read as one (`one point two million` → `1.2` and `million`), and digits followed
 * by a scale word count as the product too (`26 thousand` → `26000`, `1.2 million` → `1200000`).
 * The tokenizer drops `%`, so `86.3%` is indexed as the number alone: `86.3 percent` asks for the number.
 */
import { keyOf, STOP_WORDS, tokenize, type Token } from './text.ts';
import { SCALED_QUALITY, VERB_FORM_QUALITY } from './weights.ts';

/** One query word: its index key, its folded surface word, and further keys that mean the same number. */
export interface QueryToken {
  key: string;
  word: string;
  /** Other index keys for the same word (numbers written another way), with how good a match through each is. */
  also: { key: string; quality: number; guess?: boolean; source?: 'glossary' | 'everyday' | 'wordnet' }[];
}

/**
 * Words that frame a question rather than ask it (`what else…`, `what happened to…`, `did they
 * get…`), dropped from queries on top of the stop words. They are not stop words of the text
 * (the index keeps them), but in a query they name nothing to look for, and a knowledge base
 * that happens not to use one would otherwise count it as a rare word the passage lacks.
 */
const QUERY_FILLER = new Set(
  `else besides anything something everything nothing anyone someone everyone thing things stuff
  get gets got getting gotten happen happens happened happening doing
  please exactly really actually ever whether regarding concerning like
  explain describe mean means meant know think`.split(/\s+/),
);

/**
 * A lone letter, or one letter four or more times over (`e`, `eeee`, and what `é` under a pile
 * of combining marks folds to), names nothing a passage could be about: as a query word it only
 * meets fragments such as the `e` of `e-mails`, so a query of nothing else got that passage as
 * its answer. Two or three of a letter are words (`AA`, Schedule `II` and `III`). Only letters
 * with case (Latin, Greek, Cyrillic…): one Chinese or Arabic letter can be a word.
 */
export function isLetterNoise(word: string): boolean {
  return /^(\p{Ll})\1*$/u.test(word) && (word.length === 1 || [...word].length >= 4);
}

/**
 * Irregular verbs, whose forms no stemmer joins (`seizures rose` / `did seizures rise`): a query
 * word in one form also looks up the others. Forms that are also common words of another
 * meaning (`left`, `found`, `saw`, `won`, `lead`) are left out.
 */
const IRREGULAR_VERBS = `arise arose arisen|begin began begun|break broke broken|bring brought|build built|buy bought
  catch caught|choose chose chosen|come came|drive drove driven|fall fell fallen|feel felt|fight fought|flee fled
  forbid forbade forbidden|freeze froze frozen|give gave given|go went gone|grow grew grown|hide hid hidden|hold held
  keep kept|lose lost|make made|meet met|mislead misled|pay paid|rise rose risen|run ran|seek sought|sell sold|send sent
  shoot shot|speak spoke spoken|spend spent|stand stood|steal stole stolen|take took taken|teach taught|tell told
  think thought|throw threw thrown|understand understood|withdraw withdrew withdrawn|write wrote written`;
const VERB_FORMS = new Map<string, string[]>();
// A group ends at `|` or at the end of a line (else `send sent` and `shoot shot` would be one verb).
for (const group of IRREGULAR_VERBS.split(/[|\n]/)) {
  const keys = group.trim().split(/\s+/).map(keyOf);
  for (const key of keys) VERB_FORMS.set(key, keys.filter((other) => other !== key));
}

const SCALES = new Map([
  ['hundred', 100],
  ['thousand', 1_000],
  ['million', 1_000_000],
  ['billion', 1_000_000_000],
]);
/** Scales articles write as a word after the digits (`1.2 million`), not as digits (`14,100`). */
const WORD_SCALES = ['billion', 'million'] as const;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** A number in the query: its value, and the scale word (million, billion) it was said with, if any. */
interface Amount {
  /** The digits as written or joined (`1.2`, `243000000000`). */
  digits: string;
  /** The scale word the amount was spoken in, and the digits before it (`243` for `243 billion`). */
  scale?: { word: string; mantissa: string };
}

/** The amount a number token stands for: a joined run of number words keeps the largest scale word it was spoken in. */
function amountOf(token: Token, query: string): Amount {
  const surface = query.slice(token.start, token.end).toLowerCase();
  const value = Number(token.key);
  for (const word of WORD_SCALES) {
    const scale = SCALES.get(word)!;
    if (/\p{L}/u.test(surface) && surface.includes(word) && Number.isInteger(value) && value % scale === 0 && value >= scale) {
      return { digits: token.key, scale: { word, mantissa: String(value / scale) } };
    }
  }
  return { digits: token.key };
}

/** `mantissa` times `scale` as index digits (`1.2` × 1,000,000 → `1200000`), or undefined when not a whole number. */
function product(mantissa: string, scale: number): string | undefined {
  const [whole = '', fraction = ''] = mantissa.split('.');
  const zeros = String(scale).length - 1;
  if (fraction.length > zeros) return undefined;
  return (whole + fraction.padEnd(zeros, '0')).replace(/^0+(?=\d)/, '');
}

/** The query's content words, less its framing words, with numbers as articles write them (see the top of this file). */

export function queryTokens(query: string): QueryToken[] {
  const raw = tokenize(query);
  const out: QueryToken[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const token = raw[i]!;
    let amount: Amount | undefined;
    // `a hundred and fifty`, `a thousand`: the tokenizer only joins runs that start with a unit word.
    const leadScale = token.word === 'a' ? SCALES.get(raw[i + 1]?.word ?? '') : undefined;
    if (leadScale !== undefined && leadScale < 1_000_000) {
      i += 1;
      let value = leadScale;
      const next = raw[i + 1];
      const after = next?.word === 'and' ? raw[i + 2] : next;
      if (after && NUMBER.test(after.key) && Number(after.key) < leadScale) {
        value += Number(after.key);
        i += after === next ? 1 : 2;
      }
      amount = { digits: String(value) };
    } else if (NUMBER.test(token.key)) {
      amount = amountOf(token, query);
      // A spoken decimal: `one point two million`, `eighty-six point three`.
      const fraction = raw[i + 1]?.word === 'point' ? raw[i + 2] : undefined;
      if (fraction && /^\d+$/.test(fraction.key) && /^\d+$/.test(amount.digits) && !amount.scale) {
        const part = amountOf(fraction, query);
        const decimals = part.scale?.mantissa ?? part.digits;
        if (/^\d+$/.test(decimals)) {
          const mantissa = `${amount.digits}.${decimals}`;
          amount = part.scale ? { digits: product(mantissa, SCALES.get(part.scale.word)!) ?? mantissa, scale: { word: part.scale.word, mantissa } } : { digits: mantissa };
          i += 2;
        }
      }
      // Digits and a scale word: `26 thousand`, `1.2 million`.
      const scaleWord = raw[i + 1]?.word;
      const scale = amount.scale ? undefined : SCALES.get(scaleWord ?? '');
      const digits = scale !== undefined && scale >= 1_000 ? product(amount.digits, scale) : undefined;
      if (digits !== undefined && scale! >= 1_000_000) {
        amount = { digits, scale: { word: scaleWord!, mantissa: amount.digits } };
      } else if (digits !== undefined) {
        // `26 thousand` is `26,000` in the text (or the same words).
        out.push({ key: digits, word: digits, also: [{ key: amount.digits, quality: SCALED_QUALITY }] });
        i += 1;
        continue;
      }
    }
    if (amount) {
      if (amount.scale) {
        // As articles write it (`1.2 million`), or all in digits (`1,200,000`).
        const { mantissa, word } = amount.scale;
        out.push({ key: mantissa, word: mantissa, also: amount.digits === mantissa ? [] : [{ key: amount.digits, quality: SCALED_QUALITY }] });
        out.push({ key: keyOf(word), word, also: [] });
        if (raw[i + 1]?.word === word) i += 1;
      } else {
        out.push({ key: amount.digits, word: amount.digits, also: [] });
      }
      if (raw[i + 1]?.word === 'percent') i += 1;
      else if (raw[i + 1]?.word === 'per' && raw[i + 2]?.word === 'cent') i += 2;
      continue;
    }
    if (STOP_WORDS.has(token.word) || QUERY_FILLER.has(token.word) || isLetterNoise(token.word)) continue;
    out.push({ key: token.key, word: token.word, also: (VERB_FORMS.get(token.key) ?? []).map((key) => ({ key, quality: VERB_FORM_QUALITY, guess: true })) });
  }
  return out;
}
