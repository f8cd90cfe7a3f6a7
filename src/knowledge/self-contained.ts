import { splitSentences, type Sentence } from './sentences.ts';

/**
 * Whether a piece of an article makes sense on its own, shown without the text around it
 * (a digest item, a search snippet). A piece is a run of whole sentences of one text; it
 * does not stand alone when its first sentence points back at something the reader was
 * not shown ("He added…", "That trafficking…", "Still, according to…", "AMLO, however,…"),
 * or when it quotes someone without saying who (the quote's speaker is in a neighbour
 * sentence, or is only "he"/"she"). Pure text rules; no knowledge of where the text is shown.
 */

/** Words that, opening a sentence, refer to something said before it. */
const POINTING_WORDS = new Set([
  'he', 'she', 'it', 'its', "it's", 'they', 'their', 'them', 'his', 'her', 'this', 'that', 'these', 'those', 'such',
  'however', 'but', 'still', 'yet', 'also', 'and', 'or', 'so', 'thus', 'therefore', 'hence', 'moreover', 'furthermore',
  'meanwhile', 'nevertheless', 'nonetheless', 'instead', 'otherwise', 'likewise', 'similarly', 'besides', 'then',
  'consequently', 'accordingly', 'additionally', 'again', 'overall', 'even', 'further', 'both', 'neither',
]);

/** Openings of several words that do the same. */
const POINTING_PHRASES =
  /^(?:in (?:response|this regard|this context|this respect|particular|addition|turn|contrast|short|sum)|on the other hand|for (?:example|instance|its part|their part|his part|her part)|as (?:a result|noted|such|mentioned)|after that|despite (?:this|that)|at the same time|the (?:latter|former|two|report|analysis|researcher|official|statement|agency|letter|move|plan|bill|measure|group|figure|study))\b/;

/** A pronoun in the first few words ("According to her, …", "In his comments, …"). */
const EARLY_PRONOUN = /^(?:\S+\s+){0,2}(?:he|she|him|her|his|they|them|their|it|its)\b|^[^,]{1,30},\s*(?:he|she|they|it)\b/;

/** An adverb of continuation in the first clause ("Blinken also mentioned…", "AMLO, however, has…"). */
const EARLY_CONTINUATION = /^(?:[^\s,]+[\s,]+){0,5}(?:also(?! known)|however|further|too|likewise|similar|aforementioned|above|then went on)\b/;

/** "The United States and Mexico have, however, been…": a contrast with what came before, set off by commas. */
const CONTRAST_IN_FIRST_CLAUSE = /^[^.;:]{1,80}?,\s*(?:however|though|nevertheless|in turn|for its part|for their part|in fact),/;

/** Inside a quote a pronoun is the speaker's own ("It is not Mexico…", said López Obrador); these still point back. */
const QUOTED_POINTING = /^(?:(?:it|that|this)(?: is|'s) why|but|and|so|still|yet|however|also|then)\b/;

/** A verb that names a quote's speaker, and a speaker known only by a pronoun. */
const ATTRIBUTION = /\b(?:said|says|say|saying|told|tells|added|adds|asked|stated|states|wrote|writes|responded|replied|testified|argued|according to|concluded|explained|affirmed|warned|noted|claimed|insisted|repeated|announced|declared|acknowledged|admitted|continued|commented|calling|called|reported|reports|describ\w*|mention\w*|characteri[sz]\w*)\b/i;

/** Speech that needs a speaker: a sentence opening on a quote, or a quoted stretch of this many words or more. */
const SPEECH_WORDS = 15;
const PRONOUN_SPEAKER = /(?:["”’]\s*,?\s*|,\s*)(?:(?:he|she|they)\s+(?:said|says|added|told|asked|stated|continued|argued|responded|replied|insisted|noted)|(?:said|says|added|told|asked|stated|continued)\s+(?:he|she|they))\b/i;

/** The opening words of a sentence, folded: quotes, brackets and dashes dropped. */
function opening(sentence: string): string {
  return sentence
    .replace(/^[\s"“”‘’'([—–-]+/, '')
    .toLowerCase()
    .replace(/[’]/g, "'");
}

/**
 * The word or phrase by which a sentence leans on what came before it, or null when it
 * can open a piece on its own.
 */
export function danglingOpener(sentence: string): string | null {
  const text = opening(sentence);
  if (/^\s*["“]/.test(sentence)) {
    const pointing = text.match(QUOTED_POINTING)?.[0];
    if (pointing) return pointing;
    return PRONOUN_SPEAKER.test(sentence) ? 'a quote whose speaker is only a pronoun' : null;
  }
  const first = text.match(/^[\p{L}']+/u)?.[0] ?? '';
  if (POINTING_WORDS.has(first)) return first;
  const phrase = text.match(POINTING_PHRASES)?.[0];
  if (phrase) return phrase;
  const pronoun = text.match(EARLY_PRONOUN)?.[0];
  if (pronoun) return pronoun.trim();
  const continuation = text.match(EARLY_CONTINUATION)?.[0] ?? text.match(CONTRAST_IN_FIRST_CLAUSE)?.[0];
  if (continuation) return continuation.trim();
  if (PRONOUN_SPEAKER.test(sentence)) return 'a quote whose speaker is only a pronoun';
  return null;
}

/** Quotation marks left open at the end of `text` and closed without being opened in it. */
function quoteBalance(text: string): { open: number; unopened: number } {
  let open = 0;
  let unopened = 0;
  const marks = text.matchAll(/["“”]/g);
  for (const mark of marks) {
    const char = mark[0];
    const before = text[mark.index - 1];
    const opens = char === '“' || (char === '"' && (before === undefined || /[\s([{—–-]/.test(before)));
    if (opens) open += 1;
    else if (open > 0) open -= 1;
    else unopened += 1;
  }
  return { open, unopened };
}

function quotesSpeech(text: string, sentences: readonly Sentence[]): boolean {
  if (sentences.some((sentence) => /^\s*["“]/.test(sentence.text))) return true;
  return [...text.matchAll(/["“]([^"”]*)["”]/g)].some((quoted) => quoted[1]!.split(/\s+/).length >= SPEECH_WORDS);
}

/** Sentences `from`…`to` (inclusive) of `text`, as one string. */
function spanText(text: string, sentences: readonly Sentence[], from: number, to: number): string {
  return text.slice(sentences[from]!.start, sentences[to]!.end);
}

/** A run of whole sentences of a text: sentence indexes (inclusive) and character offsets. */
export interface SentenceRun {
  from: number;
  to: number;
  start: number;
  end: number;
  text: string;
}

/**
 * Sentences `from`…`to` of `text`, widened just enough to stand alone: back to the sentence
 * that names what an opening pronoun or connective points at, forward to the end of a quote
 * and to the sentence that says who spoke. Null when no widening inside `text` does it (the
 * piece leans on a sentence before the text's first one, or a quote is never attributed).
 */
export function selfContainedRun(text: string, from: number, to = from, sentences: readonly Sentence[] = splitSentences(text)): SentenceRun | null {
  if (!sentences.length || from < 0 || to >= sentences.length || from > to) return null;
  let low = from;
  let high = to;
  for (let guard = 0; guard <= sentences.length * 2; guard += 1) {
    if (danglingOpener(sentences[low]!.text) !== null) {
      if (low === 0) return null;
      low -= 1;
      continue;
    }
    const piece = spanText(text, sentences, low, high);
    const balance = quoteBalance(piece);
    if (balance.unopened > 0) {
      if (low === 0) return null;
      low -= 1;
      continue;
    }
    if (balance.open > 0) {
      if (high === sentences.length - 1) return null;
      high += 1;
      continue;
    }
    if (quotesSpeech(piece, sentences.slice(low, high + 1)) && !ATTRIBUTION.test(piece.replace(/["“][^"”]*["”]/g, ' '))) {
      // A quote with no speaker in the piece: the next sentence may say who it was.
      const next = sentences[high + 1];
      if (next && ATTRIBUTION.test(next.text) && danglingOpener(next.text) === null) {
        high += 1;
        continue;
      }
      return null;
    }
    return { from: low, to: high, start: sentences[low]!.start, end: sentences[high]!.end, text: piece };
  }
  return null;
}

/** Whether a whole text (e.g. a paragraph shown in full) stands alone. */
export function standsAlone(text: string): boolean {
  const sentences = splitSentences(text);
  const run = selfContainedRun(text, 0, sentences.length - 1, sentences);
  return run !== null && run.from === 0 && run.to === sentences.length - 1;
}

// Where a clause ends inside a sentence: after a comma, semicolon or colon, or before a dash.
const CLAUSE_END = /[,;:](?=\s)|\s(?=[–—]\s)/g;

/**
 * A window of at most `room` characters inside `[start, end)` of `text` near `[from, to)`
 * that does not cut a clause short at its end: a name or title running past `to` ("…and
 * Mexican Ambassador to…") is either completed, by sliding the window forward to the end of
 * its clause, or left out, by ending the window at the clause before. Falls back to the
 * nearest word boundary when neither keeps most of the window.
 */
export function clauseWindow(text: string, start: number, end: number, from: number, to: number, room: number): { from: number; to: number } {
  if (to >= end) return { from, to: end };
  const boundaries = [...text.slice(start, end).matchAll(CLAUSE_END)].map((match) => start + match.index + (match[0].startsWith(' ') ? 0 : 1));
  const after = boundaries.find((boundary) => boundary >= to);
  if (after !== undefined && after - room <= from + room / 2) {
    let slid = Math.max(from, after - room);
    const space = text.indexOf(' ', slid);
    if (slid > from && space !== -1 && space < after) slid = space + 1;
    if (after - slid <= room) return { from: slid, to: after };
  }
  const before = boundaries.filter((boundary) => boundary <= to && boundary > from + room / 2).at(-1);
  if (before !== undefined) return { from, to: before };
  const space = text.lastIndexOf(' ', to);
  return { from, to: space > from ? space : to };
}
