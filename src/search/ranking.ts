import { blendFuseScores } from './fuse-rerank.ts';
import type { IndexData } from './inverted-index.ts';
import { FIGURE_BONUS, PERSON_BONUS, TIME_BONUS, SENTENCE_BONUS, SENTENCE_WINDOW, B, DOCUMENT_CREDIT, DOCUMENT_QUALITY, K1, MIN_COVERAGE, NEIGHBOUR_CREDIT, MIN_DIRECT_COVERAGE, MIN_MATCHED_CONCEPTS, RELATIVE_FLOOR, RERANK_POOL } from './weights.ts';

export { MIN_COVERAGE, MIN_DIRECT_COVERAGE, MIN_MATCHED_CONCEPTS } from './weights.ts';

/**
 * Coverage credit for a query word matched through an alternative: its quality, or for a
 * guess at another word (a typo variant, another form of an irregular verb) the quality
 * squared. A guess is weaker evidence that the passage is about the query: off-topic
 * queries got over the bar on ordinary words turned into something the text happens to hold
 * (`write a cover letter` → `wrote a letter`, `public speaking` → `spoke … Public Radio`).
 * Spellings of the same word (stem prefixes: `seiz` for `seizures`) and of the same amount
 * keep their quality (measurements: docs/search-tuning.md).
 * The BM25 score keeps the plain quality.
 */
export function coverageCredit(alternative: Alternative): number {
  return alternative.guess ? alternative.quality * alternative.quality : alternative.quality;
}
/** Look a posting up by galloping search rather than walking it when it is this many times longer than the candidate list. */
const GALLOP_RATIO = 16;

/** One alternative way a query concept can be matched: an index key and how much a match through it is worth. */
export interface Alternative {
  keyId: number;
  quality: number;
  /** A guess at another word (typo variant, other verb form), not a spelling of the query word: less coverage credit (`coverageCredit`). */
  guess?: boolean;
}

/** A unit of meaning in the query: a word (with its typo and prefix variants) or an alias group. */
export interface Concept {
  label: string;
  weight: number;
  alternatives: Alternative[];
  /** How the concept may be written in a passage, for fuse.js (fuse-rerank.ts): the user's words and, for an alias, each name of its group. */
  spellings: string[];
}

/** What a question asks for (query-reader.ts): a figure, a person or body, a time, or anything. */
export type Asks = 'figure' | 'percentage' | 'person' | 'time' | null;

/** A figure, for ranking: digits, or a number written out with its scale. */
const FIGURE = /\d|\b(?:hundred|thousand|million|billion|dozen|half|third|quarter)s?\b/i;
/**
 * A count, which an answer to "how many" must hold: a number that is not a year (`2020` says
 * when, not how many) unless a unit follows it (`2000 pounds`), or a number written out (`two
 * weeks`, `two-decade`, `several`, `half`). For "how many years", a span of years counts too.
 */
const COUNT = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}])(?!(?:19|20)\d\d(?![\p{N}]|[.,]\d))\p{N}`,
    String.raw`(?<![\p{L}\p{N}])(?:19|20)\d\d\s*(?:pounds|kilograms|kilos|pills|people|deaths|tons|dollars|times|agents|troops)\b`,
    String.raw`\b(?:hundred|thousand|million|billion|dozen|half|third|quarter|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|double|triple|twice|several|decade)s?\b`,
  ].join('|'),
  'iu',
);
const PERCENTAGE = /%|\bper ?cent\b|\b(?:half|third|quarter|majority)\b/i;
/** A person or body: a title before a name, or two capitalised words in a row inside a sentence. */
const PERSON = /\b(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gen|President|Secretary|Minister|Director|Administrator|Ambassador|Attorney|Senator|General|Chairman|spokesperson|official|agency|Institute|Department|Administration|Commission|Office)\b|[a-z,] \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+/u;

/**
 * A time: a month, a weekday, a year or decade (`2020`, `the 1990s`), or a time said relative to
 * the article (`last year`, `over the past five years`, `two weeks ago`, `a decade earlier`, `recently`).
 */
const TIME = new RegExp(
  [
    // Names of months and days, as written (`may` and `march` are also verbs).
    String.raw`\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`,
    String.raw`\b(?:19|20)\d\d(?:s|\b)|\bFY ?\d`,
    String.raw`\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|[Rr]ecent|[Cc]oming|[Pp]revious|[Ee]arlier|[Ll]ater) (?:\w+ )?(?:years?|months?|weeks?|days?|decades?|spring|summer|fall|autumn|winter)\b`,
    String.raw`\b\w+ (?:years?|months?|weeks?|days?|decades?) (?:ago|earlier|later|before|after)\b`,
    String.raw`\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Rr]ecently|[Nn]owadays)\b|\b[Ss]ince (?:then|the)\b`,
  ].join('|'),
  'u',
);

/** A span of years (`from 2012 to 2018`): an answer to "how many years". */
const YEAR_SPAN = /(?<![\p{L}\p{N}])(?:19|20)\d\d\s*(?:to|-|–|through|until|and)\s*(?:19|20)\d\d/u;

/** Whether a passage's text can answer what a question asks for: a count (`how many`; `years`: a span of years too), a time (`when`). */
export function answersKind(text: string, asks: 'count' | 'years' | 'time'): boolean {
  if (asks === 'time') return TIME.test(text);
  return COUNT.test(text) || (asks === 'years' && YEAR_SPAN.test(text));
}

/** Whether a passage's text holds what a question asks for: a figure (of the kind asked), a person or body, or a time. */
export function holdsAnswerKind(text: string, asks: Asks): boolean {
  const pattern = asks === 'person' ? PERSON : asks === 'percentage' ? PERCENTAGE : asks === 'time' ? TIME : asks === 'figure' ? FIGURE : null;
  return pattern === null || pattern.test(text);
}

export interface Scored {
  passage: number;
  score: number;
}

/** The passages that answer a query, best first. */
export interface Ranking {
  /** How many passages passed the relevance cut-off. */
  total: number;
  /** How many distinct documents they come from. */
  documents: number;
  /** Ranked passages `offset` to `offset + limit`. */
  page(offset: number, limit: number): Scored[];
}

const EMPTY: Ranking = { total: 0, documents: 0, page: () => [] };

/** First index in [from, to) whose value is at least `target` (values ascending): galloping, then binary search. */
function seek(values: Uint32Array, from: number, to: number, target: number): number {
  if (from >= to || values[from]! >= target) return from;
  let step = 1;
  let low = from;
  while (low + step < to && values[low + step]! < target) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step, to);
  low += 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Working memory reused by every query on one index (queries run one at a time: `search` is synchronous). */
class Scratch {
  /**
   * Per passage, while candidates are gathered: 0, CANDIDATE, or PENDING (might become one
   * through the document credit); once they are sorted: 1 + the candidate's place. Zero again after each query.
   */
  readonly slot: Int32Array;
  /** Per passage: upper bound of what the concepts outside candidate generation could add (pending passages only). */
  readonly gain: Float64Array;
  readonly pending: Uint32Array;
  readonly candidates: Uint32Array;
  readonly score: Float64Array;
  readonly covered: Float64Array;
  /** Per candidate: the weight covered by the passage's own text, and how many concepts it holds. */
  readonly direct: Float64Array;
  readonly matched: Uint16Array;
  readonly best: Float64Array;
  /** Per candidate: the best coverage credit of the concept's alternatives it holds (`coverageCredit`). */
  readonly quality: Float64Array;
  readonly found: Uint8Array;
  readonly foundAny: Uint8Array;
  readonly inDocument: Uint8Array;
  readonly docStamp: Uint32Array;
  readonly docCredit: Float64Array;
  readonly docList: Uint32Array;
  private stamp = 0;

  constructor(passages: number, documents: number) {
    this.slot = new Int32Array(passages);
    this.gain = new Float64Array(passages);
    this.pending = new Uint32Array(passages);
    this.candidates = new Uint32Array(passages);
    this.score = new Float64Array(passages);
    this.covered = new Float64Array(passages);
    this.direct = new Float64Array(passages);
    this.matched = new Uint16Array(passages);
    this.best = new Float64Array(passages);
    this.quality = new Float64Array(passages);
    this.found = new Uint8Array(passages);
    this.foundAny = new Uint8Array(passages);
    this.inDocument = new Uint8Array(passages);
    this.docStamp = new Uint32Array(documents);
    this.docCredit = new Float64Array(documents);
    this.docList = new Uint32Array(documents);
  }

  nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.docStamp.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

const CANDIDATE = 1;
const PENDING = 2;

interface Plan {
  /** Whether the concept's postings are candidates (else it only scores them). */
  generates: boolean;
  /** Most a passage can gain from the concept: weight times its best quality (at least the document credit, when it has one). */
  bound: number;
  /** Whether some alternative is good enough to mark its documents for the document credit. */
  documentAlternative: boolean;
  postings: number;
}

/**
 * Scores a query's concepts against the index: per concept the best BM25 value of its
 * alternatives, summed, times the IDF-weighted share of the query the passage covers.
 *
 * Cost follows the rare words, not the common ones. A concept whose postings are long
 * (a word in most passages) cannot make a passage an answer on its own: when the
 * concepts left out of candidate generation could together give less than the
 * coverage a passage needs, only the postings of the others are candidates, plus the
 * passages of their documents that the document credit could still lift over the bar.
 * Every concept still scores every candidate, so the results equal those of scoring the
 * union of all postings.
 */
export class Ranker {
  private scratch: Scratch | undefined;

  constructor(private readonly data: IndexData) {}

  documentFrequency(keyId: number): number {
    return this.data.postingStart[keyId + 1]! - this.data.postingStart[keyId]!;
  }

  /** Whether a passage holds an index key: a word, or an alias group through any of its names. */
  holds(passage: number, keyId: number): boolean {
    return this.holdsAny(passage, passage + 1, keyId);
  }

  /** Whether any passage from `from` up to (not including) `to` holds the key. */
  holdsAny(from: number, to: number, keyId: number): boolean {
    const end = this.data.postingStart[keyId + 1]!;
    const at = seek(this.data.postingPassages, this.data.postingStart[keyId]!, end, from);
    return at < end && this.data.postingPassages[at]! < to;
  }

  idf(keyId: number): number {
    return this.idfOf(this.documentFrequency(keyId));
  }

  idfOf(documentFrequency: number): number {
    const n = this.data.passages.length;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  rank(concepts: Concept[], asks: Asks = null): Ranking {
    const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
    if (totalWeight === 0) return EMPTY;
    const { postingStart, postingPassages, postingCounts, lengths, averageLength, passages } = this.data;
    const s = (this.scratch ??= new Scratch(passages.length, this.data.documentStart.length - 1));
    const count = this.candidates(concepts, totalWeight, s);
    if (count === 0) return EMPTY;
    const { candidates, slot, score, covered, direct, matched, best, quality, found, foundAny, inDocument } = s;

    score.fill(0, 0, count);
    covered.fill(0, 0, count);
    direct.fill(0, 0, count);
    matched.fill(0, 0, count);
    foundAny.fill(0, 0, count);
    for (const concept of concepts) {
      found.fill(0, 0, count);
      for (const alternative of concept.alternatives) {
        const { keyId, quality: alternativeQuality } = alternative;
        const credit = coverageCredit(alternative);
        const start = postingStart[keyId]!;
        const end = postingStart[keyId + 1]!;
        const idf = this.idf(keyId) * alternativeQuality;
        const gallop = count * GALLOP_RATIO < end - start;
        let at = gallop ? start : start - 1;
        let i = 0;
        for (;;) {
          // Next (candidate, posting) pair: walk the candidates and gallop through a long posting, or walk a short posting.
          if (gallop) {
            if (i >= count) break;
            at = seek(postingPassages, at, end, candidates[i]!);
            if (at === end) break;
            if (postingPassages[at] !== candidates[i]) {
              i += 1;
              continue;
            }
          } else {
            at += 1;
            if (at >= end) break;
            const place = slot[postingPassages[at]!]!;
            if (place === 0) continue;
            i = place - 1;
          }
          const tf = postingCounts[at]!;
          const norm = tf + K1 * (1 - B + (B * lengths[candidates[i]!]!) / averageLength);
          const value = (idf * tf * (K1 + 1)) / norm;
          if (!found[i]) {
            found[i] = 1;
            best[i] = value;
            quality[i] = credit;
          } else {
            best[i] = Math.max(best[i]!, value);
            quality[i] = Math.max(quality[i]!, credit);
          }
          if (gallop) i += 1;
        }
      }
      this.creditNeighbours(concept, count, s);
      this.markDocuments(concept, count, s);
      for (let i = 0; i < count; i += 1) {
        if (found[i]) {
          score[i]! += best[i]!;
          covered[i]! += concept.weight * quality[i]!;
          direct[i]! += concept.weight * quality[i]!;
          matched[i]! += 1;
          foundAny[i] = 1;
        } else if (inDocument[i]) {
          // Context words often name the article rather than the paragraph ("… in Arizona").
          covered[i]! += concept.weight * DOCUMENT_CREDIT;
        }
      }
    }

    const answers: Scored[] = [];
    const neededConcepts = Math.min(MIN_MATCHED_CONCEPTS, concepts.length);
    const neededDirect = MIN_DIRECT_COVERAGE * totalWeight * (1 - 1e-9);
    for (let i = 0; i < count; i += 1) {
      slot[candidates[i]!] = 0;
      if (!foundAny[i] || matched[i]! < neededConcepts || direct[i]! < neededDirect) continue;
      const coverage = covered[i]! / totalWeight;
      if (coverage >= MIN_COVERAGE) answers.push({ passage: candidates[i]!, score: score[i]! * coverage });
    }
    return this.order(answers, concepts, asks);
  }

  /**
   * Fill `s.candidates` (ascending, with `s.slot` pointing back: 1 + place) with every
   * passage that could cover enough of the query; returns how many.
   */
  private candidates(concepts: Concept[], totalWeight: number, s: Scratch): number {
    const { postingStart, postingPassages, documentOf, passages } = this.data;
    const { slot, candidates } = s;
    // Which concepts generate candidates: all but the longest-postings ones whose best possible contribution stays under the bar.
    const bar = MIN_COVERAGE * totalWeight * (1 - 1e-9);
    const plans: Plan[] = concepts.map((concept) => {
      let postings = 0;
      let quality = 0;
      let documentAlternative = false;
      for (const alternative of concept.alternatives) {
        postings += this.documentFrequency(alternative.keyId);
        quality = Math.max(quality, alternative.quality);
        if (alternative.quality >= DOCUMENT_QUALITY) documentAlternative = true;
      }
      return { generates: true, bound: concept.weight * quality, documentAlternative, postings };
    });
    let slack = 0;
    for (const plan of [...plans].sort((a, b) => b.postings - a.postings)) {
      if (slack + plan.bound < bar) {
        slack += plan.bound;
        plan.generates = false;
      }
    }

    let count = 0;
    let creditBound = 0;
    concepts.forEach((concept, c) => {
      if (!plans[c]!.generates) return;
      for (const { keyId } of concept.alternatives) {
        for (let i = postingStart[keyId]!; i < postingStart[keyId + 1]!; i += 1) {
          const passage = postingPassages[i]!;
          if (slot[passage] === 0) {
            slot[passage] = CANDIDATE;
            candidates[count++] = passage;
          }
        }
      }
      if (plans[c]!.documentAlternative) creditBound += DOCUMENT_CREDIT * concept.weight;
    });

    // A passage outside those postings can still answer through the document credit of the
    // generating concepts, if it holds enough of the others itself.
    if (slack + creditBound >= bar) {
      const { docCredit, docList, docStamp, gain, pending } = s;
      let listed = 0;
      concepts.forEach((concept, c) => {
        if (!plans[c]!.generates || !plans[c]!.documentAlternative) return;
        const stamp = s.nextStamp();
        for (const { keyId, quality } of concept.alternatives) {
          if (quality < DOCUMENT_QUALITY) continue;
          for (let i = postingStart[keyId]!; i < postingStart[keyId + 1]!; i += 1) {
            const document = documentOf[postingPassages[i]!]!;
            if (docStamp[document] === stamp) continue;
            docStamp[document] = stamp;
            if (docCredit[document] === 0) docList[listed++] = document;
            docCredit[document]! += DOCUMENT_CREDIT * concept.weight;
          }
        }
      });
      // Bound per passage: the others' document credit everywhere, plus their full weight where the passage holds them.
      let documentSlack = 0;
      let waiting = 0;
      concepts.forEach((concept, c) => {
        const plan = plans[c]!;
        if (plan.generates || concept.alternatives.length === 0) return;
        const credit = plan.documentAlternative ? DOCUMENT_CREDIT * concept.weight : 0;
        documentSlack += credit;
        const increment = plan.bound - credit;
        for (const { keyId } of concept.alternatives) {
          for (let i = postingStart[keyId]!; i < postingStart[keyId + 1]!; i += 1) {
            const passage = postingPassages[i]!;
            if (slot[passage] === CANDIDATE || docCredit[documentOf[passage]!] === 0) continue;
            if (slot[passage] === 0) {
              slot[passage] = PENDING;
              gain[passage] = 0;
              pending[waiting++] = passage;
            }
            gain[passage]! += increment;
          }
        }
      });
      for (let k = 0; k < waiting; k += 1) {
        const passage = pending[k]!;
        if (documentSlack + docCredit[documentOf[passage]!]! + gain[passage]! >= bar) {
          slot[passage] = CANDIDATE;
          candidates[count++] = passage;
        } else {
          slot[passage] = 0;
        }
      }
      for (let k = 0; k < listed; k += 1) docCredit[docList[k]!] = 0;
    }
    // A passage that continues a candidate (`He also stated…`) may answer through it (creditNeighbours).
    const { continues } = this.data;
    for (let k = 0, found = count; k < found; k += 1) {
      const next = candidates[k]! + 1;
      if (continues[next] && slot[next] === 0) {
        slot[next] = CANDIDATE;
        candidates[count++] = next;
      }
    }
    if (count === 0) return 0;

    // In passage order, so postings can be merged against the list.
    if (count > passages.length / 32) {
      let k = 0;
      for (let p = 0; p < passages.length && k < count; p += 1) if (slot[p] !== 0) candidates[k++] = p;
    } else {
      candidates.subarray(0, count).sort();
    }
    for (let i = 0; i < count; i += 1) slot[candidates[i]!] = i + 1;
    return count;
  }

  /**
   * A candidate that continues the passage before it (opens with he, she, they…) and lacks the
   * concept holds it at NEIGHBOUR_CREDIT when that passage does: the name it quotes is there.
   */
  private creditNeighbours(concept: Concept, count: number, s: Scratch): void {
    const { continues } = this.data;
    const { candidates, found, best, quality } = s;
    for (let i = 0; i < count; i += 1) {
      const passage = candidates[i]!;
      if (found[i] || !continues[passage]) continue;
      for (const alternative of concept.alternatives) {
        if (alternative.quality < DOCUMENT_QUALITY || !this.holds(passage - 1, alternative.keyId)) continue;
        const value = this.idf(alternative.keyId) * alternative.quality * NEIGHBOUR_CREDIT;
        const credit = coverageCredit(alternative) * NEIGHBOUR_CREDIT;
        if (!found[i] || value > best[i]!) best[i] = value;
        quality[i] = found[i] ? Math.max(quality[i]!, credit) : credit;
        found[i] = 1;
      }
    }
  }

  /** Set `s.inDocument[i]` for each candidate whose document holds the concept through a good alternative. */
  private markDocuments(concept: Concept, count: number, s: Scratch): void {
    const { postingStart, postingPassages, documentOf, documentStart } = this.data;
    const { candidates, inDocument, found, docStamp } = s;
    inDocument.fill(0, 0, count);
    const alternatives = concept.alternatives.filter((alternative) => alternative.quality >= DOCUMENT_QUALITY);
    if (alternatives.length === 0) return;
    const postings = alternatives.reduce((sum, alternative) => sum + this.documentFrequency(alternative.keyId), 0);
    if (count * GALLOP_RATIO >= postings) {
      const stamp = s.nextStamp();
      for (const { keyId } of alternatives) {
        for (let i = postingStart[keyId]!; i < postingStart[keyId + 1]!; i += 1) docStamp[documentOf[postingPassages[i]!]!] = stamp;
      }
      for (let i = 0; i < count; i += 1) if (docStamp[documentOf[candidates[i]!]!] === stamp) inDocument[i] = 1;
      return;
    }
    // Few candidates against long postings: look each candidate's document range up (documents ascend with candidates).
    const cursors = alternatives.map(({ keyId }) => postingStart[keyId]!);
    let lastDocument = -1;
    let lastAnswer = 0;
    for (let i = 0; i < count; i += 1) {
      if (found[i]) continue;
      const document = documentOf[candidates[i]!]!;
      if (document !== lastDocument) {
        lastDocument = document;
        lastAnswer = 0;
        const from = documentStart[document]!;
        const to = documentStart[document + 1]!;
        for (let a = 0; a < alternatives.length; a += 1) {
          const end = postingStart[alternatives[a]!.keyId + 1]!;
          const at = seek(postingPassages, cursors[a]!, end, from);
          cursors[a] = at;
          if (at < end && postingPassages[at]! < to) lastAnswer = 1;
        }
      }
      inDocument[i] = lastAnswer;
    }
  }

  /** Best first: the top candidates re-ranked with a proximity bonus, a floor relative to the best, then fuse.js's blend; the rest by score. */
  private order(answers: Scored[], concepts: Concept[], asks: Asks): Ranking {
    const before = (a: Scored, b: Scored) => b.score - a.score || a.passage - b.passage;
    const pool: Scored[] = [];
    for (const answer of answers) {
      if (pool.length === RERANK_POOL && before(answer, pool[RERANK_POOL - 1]!) >= 0) continue;
      let at = pool.length === RERANK_POOL ? RERANK_POOL - 1 : pool.length;
      while (at > 0 && before(answer, pool[at - 1]!) < 0) {
        pool[at] = pool[at - 1]!;
        at -= 1;
      }
      pool[at] = answer;
    }
    const inPool = new Set(pool);
    const proximity = this.proximity(concepts);
    const focus = this.focus(concepts);
    const answerKind = this.answerKind(concepts, asks);
    for (const candidate of pool) candidate.score += proximity(candidate.passage) + focus(candidate.passage) + answerKind(candidate.passage);
    pool.sort(before);
    const floor = (pool[0]?.score ?? 0) * RELATIVE_FLOOR;
    const kept = pool.filter((candidate) => candidate.score >= floor);
    // The answers and their number are decided; fuse.js has its say on their order.
    blendFuseScores(kept, concepts, (passage) => this.data.passages[passage]!.text);
    kept.sort(before);
    const rest = answers.filter((answer) => !inPool.has(answer) && answer.score >= floor);
    const s = this.scratch!;
    const stamp = s.nextStamp();
    let documents = 0;
    for (const answer of [kept, rest]) {
      for (const { passage } of answer) {
        const document = this.data.documentOf[passage]!;
        if (s.docStamp[document] !== stamp) {
          s.docStamp[document] = stamp;
          documents += 1;
        }
      }
    }
    let restSorted = false;
    return {
      total: kept.length + rest.length,
      documents,
      page(offset, limit) {
        if (offset + limit > kept.length && !restSorted) {
          rest.sort(before);
          restSorted = true;
        }
        const ranked = offset + limit <= kept.length ? kept : [...kept, ...rest];
        return ranked.slice(offset, offset + limit);
      },
    };
  }

  /**
   * Reward the passage whose one stretch of text (a window of about a sentence) holds most
   * of the query: when several passages share the query's words, the one that says it in
   * one place answers it.
   */
  private focus(concepts: Concept[]): (passage: number) => number {
    if (concepts.length < 2) return () => 0;
    const { sequence, sequenceStart } = this.data;
    const total = concepts.reduce((sum, concept) => sum + concept.weight, 0);
    const mean = total / concepts.length;
    const conceptOf = new Map<number, number>();
    concepts.forEach((concept, c) => {
      for (const alternative of concept.alternatives) if (!conceptOf.has(alternative.keyId)) conceptOf.set(alternative.keyId, c);
    });
    const counts = new Uint16Array(concepts.length);
    return (passage) => {
      const from = sequenceStart[passage]!;
      const to = sequenceStart[passage + 1]!;
      counts.fill(0);
      let held = 0;
      let best = 0;
      for (let at = from; at < to; at += 1) {
        const c = conceptOf.get(sequence[at]!);
        if (c !== undefined && counts[c]!++ === 0) held += concepts[c]!.weight;
        const leaving = at - SENTENCE_WINDOW;
        if (leaving >= from) {
          const gone = conceptOf.get(sequence[leaving]!);
          if (gone !== undefined && --counts[gone]! === 0) held -= concepts[gone]!.weight;
        }
        if (held > best) best = held;
      }
      return SENTENCE_BONUS * mean * (best / total);
    };
  }

  /** Reward passages holding what the question asks for: a figure (of the kind asked: a percentage), a person or body, or a time. */
  private answerKind(concepts: Concept[], asks: Asks): (passage: number) => number {
    if (!asks || concepts.length === 0) return () => 0;
    const mean = concepts.reduce((sum, concept) => sum + concept.weight, 0) / concepts.length;
    const bonus = (asks === 'person' ? PERSON_BONUS : asks === 'time' ? TIME_BONUS : FIGURE_BONUS) * mean;
    return (passage) => (holdsAnswerKind(this.data.passages[passage]!.text, asks) ? bonus : 0);
  }

  /** Reward passages where consecutive query words stand close together (`Ken Salazar`, `port of entry`). */
  private proximity(concepts: Concept[]): (passage: number) => number {
    if (concepts.length < 2) return () => 0;
    const { sequence, sequenceStart } = this.data;
    // Per key, the concepts it matches (usually one): one look-up per word of a passage, not one per concept.
    const conceptsOf = new Map<number, number[]>();
    concepts.forEach((concept, c) => {
      for (const { keyId } of concept.alternatives) {
        const list = conceptsOf.get(keyId) ?? [];
        if (!list.includes(c)) list.push(c);
        conceptsOf.set(keyId, list);
      }
    });
    return (passage) => {
      const positions = concepts.map(() => [] as number[]);
      for (let at = sequenceStart[passage]!; at < sequenceStart[passage + 1]!; at += 1) {
        const matched = conceptsOf.get(sequence[at]!);
        if (matched) for (const c of matched) positions[c]!.push(at);
      }
      let bonus = 0;
      for (let i = 0; i + 1 < concepts.length; i += 1) {
        const distance = minDistance(positions[i]!, positions[i + 1]!);
        if (distance <= 3) bonus += (Math.min(concepts[i]!.weight, concepts[i + 1]!.weight) * (4 - distance)) / 4;
      }
      return bonus;
    };
  }
}

function minDistance(a: number[], b: number[]): number {
  let best = Infinity;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    best = Math.min(best, Math.abs(a[i]! - b[j]!));
    if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return best;
}
