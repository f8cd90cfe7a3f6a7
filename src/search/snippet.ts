import { escapeMarkdown } from '../shared/markdown.ts';
import { clauseWindow } from '../knowledge/self-contained.ts';
import { splitSentences, type Sentence } from '../knowledge/sentences.ts';
import { AliasTable, type AliasMatch } from './aliases.ts';
import { STOP_WORDS, tokenize, type Token } from './text.ts';

/** What counts as a match inside a passage: index keys (words, variants, alias groups) and their weights. */
export interface SnippetMatch {
  keys: ReadonlySet<string>;
  /** What a match through the key is worth: its query word's weight times the match's quality. */
  weights: ReadonlyMap<string, number>;
  /** The query word (concept) each key matches, so that two ways of matching one word count once. */
  concepts?: ReadonlyMap<string, number>;
  aliases: AliasTable;
}

interface Span {
  start: number;
  end: number;
  key: string;
}

/**
 * What a snippet needs of a passage whatever the query: its content words, the alias phrases
 * among them, and its sentences. The search keeps these per passage (the same passages come
 * back query after query), so a query only picks out its own words instead of reading the text again.
 */
export interface PassageLayout {
  /** The passage's tokens without stop words. */
  tokens: readonly Token[];
  /** Alias phrases over `tokens` (indices into it). */
  aliasMatches: readonly AliasMatch[];
  sentences: readonly Sentence[];
}

/** The query-independent reading of a passage that `buildSnippet` starts from. */
export function passageLayout(text: string, aliases: AliasTable): PassageLayout {
  const tokens = tokenize(text).filter((token) => !STOP_WORDS.has(token.word));
  return { tokens, aliasMatches: aliases.matches(tokens.map((token) => token.key)), sentences: splitSentences(text) };
}

/**
 * The best sentence or two of a passage for a query, at most `limit` characters,
 * matched words in `**bold**`. Text outside the bold marks is escaped so that
 * Markdown characters quoted from an article cannot change the formatting.
 * The limit holds for the snippet as sent, bold marks and escapes included (they can
 * double the length of a stretch like `lab_1_x lab_2_x`): it is what the reply's budget counts.
 */
export function buildSnippet(text: string, match: SnippetMatch, limit: number, layout: PassageLayout = passageLayout(text, match.aliases)): string {
  const spans = matchedSpans(layout, match);
  const { sentences } = layout;
  const weightOf = (sentence: Sentence) => heldWeight(spans, sentence.start, sentence.end, match);
  const scores = sentences.map(weightOf);
  let best = 0;
  scores.forEach((score, index) => {
    if (score > scores[best]!) best = index;
  });
  let from = best;
  let to = best;
  // Add the neighbour that adds the most matched weight, if both still fit.
  const before = sentences[best - 1];
  const after = sentences[best + 1];
  const fits = (a: Sentence, b: Sentence) => render(text, a.start, b.end, spans).length <= limit;
  const chosen = sentences[best];
  if (!chosen) return window(text, 0, text.length, 0, limit, spans);
  const gainAfter = after && fits(chosen, after) ? scores[best + 1]! : 0;
  const gainBefore = before && fits(before, chosen) ? scores[best - 1]! : 0;
  if (gainAfter > 0 && gainAfter >= gainBefore) to = best + 1;
  else if (gainBefore > 0) from = best - 1;
  const start = sentences[from]!.start;
  const end = sentences[to]!.end;
  const whole = render(text, start, end, spans);
  if (whole.length <= limit) return whole;
  // One long sentence: the stretch of it that holds most of the query, cut at word boundaries.
  return window(text, start, end, densest(text, spans, start, end, limit, match), limit, spans);
}

/** The query's weight held by the matches between two offsets: each query word once, at its best match. */
function heldWeight(spans: readonly Span[], start: number, end: number, match: SnippetMatch): number {
  const best = new Map<string | number, number>();
  for (const span of spans) {
    if (span.start < start || span.end > end) continue;
    const concept = match.concepts?.get(span.key) ?? span.key;
    best.set(concept, Math.max(best.get(concept) ?? 0, match.weights.get(span.key) ?? 0));
  }
  let sum = 0;
  for (const weight of best.values()) sum += weight;
  return sum;
}

/** The focus (a match's offset) whose window (`windowRange`) in [start, end) holds most of the query's weight; the first such. */
function densest(text: string, spans: readonly Span[], start: number, end: number, limit: number, match: SnippetMatch): number {
  let focus = start;
  let most = -1;
  for (const span of spans) {
    if (span.start < start || span.end > end) continue;
    const { from, to } = windowRange(text, start, end, span.start, limit);
    const held = heldWeight(spans, from, to, match);
    if (held > most) {
      most = held;
      focus = span.start;
    }
  }
  return focus;
}

/** The opening sentence(s) of a passage, for items that are not answers to a query. */
export function leadSnippet(text: string, limit: number, sentences: readonly Sentence[] = splitSentences(text)): string {
  let end = 0;
  for (const sentence of sentences) {
    if (render(text, 0, sentence.end, []).length > limit) break;
    end = sentence.end;
  }
  if (end === 0) return window(text, 0, text.length, 0, limit, []);
  return render(text, 0, end, []);
}

/** The query's matches in a passage, in text order: its words (by key) and its alias groups. */
function matchedSpans(layout: PassageLayout, match: SnippetMatch): Span[] {
  const { tokens } = layout;
  const spans: Span[] = tokens.filter((token) => match.keys.has(token.key)).map((token) => ({ start: token.start, end: token.end, key: token.key }));
  for (const alias of layout.aliasMatches) {
    const key = AliasTable.groupKey(alias.group);
    if (!match.keys.has(key)) continue;
    for (const token of tokens.slice(alias.from, alias.to)) spans.push({ start: token.start, end: token.end, key });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * The stretch of [start, end) around `focus`, rendered, with "…" where it is cut, at most
 * `limit` characters as rendered. The stretch is chosen in the text's characters, so when
 * escapes and bold marks take it over the limit, the most room that fits is searched for
 * (halving): the cut always falls in the text, never inside an escape (`\_`) or a bold mark.
 */
function window(text: string, start: number, end: number, focus: number, limit: number, spans: Span[]): string {
  const shown = (room: number) => {
    const { from, to } = windowRange(text, start, end, focus, room);
    return `${from > start ? '…' : ''}${render(text, from, to, spans)}${to < end ? '…' : ''}`;
  };
  let best = shown(limit);
  if (best.length <= limit) return best;
  // Room `low` fits (or is the least there is), `high` does not.
  let low = MIN_ROOM;
  let high = limit;
  best = shown(low);
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    const out = shown(middle);
    if (out.length <= limit) {
      low = middle;
      best = out;
    } else high = middle;
  }
  return best;
}

/** The least room a window is given: an ellipsis each side and a character. */
const MIN_ROOM = 3;

/** The stretch of [start, end) a window around `focus` shows: room for the ellipses, cut at word and clause boundaries. */
function windowRange(text: string, start: number, end: number, focus: number, limit: number): { from: number; to: number } {
  const room = limit - 2;
  let from = Math.max(start, Math.min(focus - Math.floor(room / 4), end - room));
  let to = Math.min(end, from + room);
  if (from > start) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < focus) from = space + 1;
  }
  // End on a clause, not inside a name or title ("…and Mexican Ambassador to…").
  if (to < end) ({ from, to } = clauseWindow(text, start, end, from, to, room));
  // Never between the two halves of a character outside the BMP (an emoji, 𝑥): half of one is not text.
  if (from > start && isLowSurrogate(text.charCodeAt(from))) from += 1;
  if (to < end && isLowSurrogate(text.charCodeAt(to))) to -= 1;
  return { from, to };
}

/** Text between offsets with matched spans in bold; adjacent matches (`Ken Salazar`) share one pair of marks. */
function render(text: string, start: number, end: number, spans: Span[]): string {
  let out = '';
  let cursor = start;
  const inside = spans.filter((span) => span.start >= start && span.end <= end);
  for (let i = 0; i < inside.length; i += 1) {
    const first = inside[i]!;
    let last = first;
    while (i + 1 < inside.length && /^\s*$/.test(text.slice(last.end, inside[i + 1]!.start))) {
      i += 1;
      last = inside[i]!;
    }
    if (first.start < cursor) continue;
    out += escapeMarkdown(text.slice(cursor, first.start)) + `**${escapeMarkdown(text.slice(first.start, last.end))}**`;
    cursor = last.end;
  }
  return out + escapeMarkdown(text.slice(cursor, end));
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
