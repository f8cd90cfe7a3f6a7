import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
import { corpus, doc, realAliases } from '../fixtures.ts';

const index = SearchIndex.build(corpus, realAliases);
const top = (query: string) => index.search(query, { limit: 5 }).hits[0]?.passageId;
/** The snippet with Markdown removed: what a reader sees. */
const plain = (snippet: string) => snippet.replace(/\*\*/g, '').replace(/\\([\\*_~`|])/g, '$1').replace(/^…|…$/g, '');

describe('search answers', () => {
  it('finds names typed without accents', () => {
    expect(top('Lopez Obrador')).toBe('mexico-politics#1');
    expect(top('Merida initiative')).toBe('mexico-politics#3');
  });

  it('resolves aliases and abbreviations kept in knowledge/aliases.json', () => {
    expect(top('AMLO')).toBe('mexico-politics#1');
    expect(top('CJNG precursors')).toBe('mexico-politics#2');
    expect(top('hidden compartments in cars')).toBe('vehicles#1');
  });

  it('tolerates typos', () => {
    expect(top('Sinaloa cartle')).toBe('mexico-politics#2');
    expect(top('Mariposa port of entyr')).toBe('border-seizures#2');
  });

  it('reads a dictionary word as typed: a one-letter slip may make it another word, two edits may not', () => {
    const bold = (query: string) => index.search(query, { limit: 1 }).hits[0]?.snippet ?? '';
    expect(bold('Arizona boarder crossings')).toContain('**border');
    expect(bold('Arizona bordr crossings')).toContain('**border');
    // `powder` is a word of its own, two edits from `border`: no reader means one for the other.
    expect(bold('Arizona powder crossings')).not.toContain('**border');
  });

  it('matches numbers written as words', () => {
    expect(top('two hundred eighty four people arrested')).toBe('border-seizures#3');
  });

  it('answers questions as well as keywords', () => {
    expect(top('how many people were arrested in the first two months?')).toBe('border-seizures#3');
  });

  it('returns no passage for a question the knowledge base does not cover, with topics to try', () => {
    for (const query of ['how to train a puppy', 'stock market forecast', 'python list comprehension', 'formula one race results']) {
      const result = index.search(query);
      expect(result.hits, query).toEqual([]);
      expect(result.total).toBe(0);
      expect(result.suggestions).toContain('sinaloa and cjng cartels');
    }
  });

  it('suggests a corrected spelling when one has answers', () => {
    expect(index.search('Nogalse smugglign').suggestions[0]).toMatch(/nogales/);
  });

  it("never lets fuse.js's extended-search operators change a query's meaning", () => {
    const baseline = index.search('Nogales').hits.map((hit) => hit.passageId);
    expect(baseline.length).toBeGreaterThan(0);
    for (const query of ['!Nogales', "'Nogales", '=Nogales', '^Nogales', 'Nogales$', '"Nogales"', 'Nogales | !Nogales']) {
      expect(index.search(query).hits.map((hit) => hit.passageId), query).toEqual(baseline);
    }
  });

  it('carries a full, cited hit', () => {
    const hit = index.search('Operation Blue Lotus')!.hits[0]!;
    expect(hit).toMatchObject({ rank: 1, docId: 'border-seizures', passageId: 'border-seizures#2', title: 'Title of border-seizures' });
    expect(hit.text).toBe(corpus[0]!.paragraphs[1]);
    expect(hit.citation).toEqual({ title: 'Title of border-seizures', publisher: 'Test Gazette', date: '2023-03-23', paragraph: 2, url: null });
    expect(hit.score).toBeGreaterThan(0);
  });

  it('pages with offset and reports totals', () => {
    const all = index.search('seizures', { limit: 10 });
    const second = index.search('seizures', { limit: 1, offset: 1 });
    expect(second.hits[0]?.passageId).toBe(all.hits[1]?.passageId);
    expect(second.hits[0]?.rank).toBe(2);
    expect(second.total).toBe(all.total);
  });
});

describe('query reading', () => {
  const extra = SearchIndex.build(
    [
      doc('amounts', [
        'Research suggests that an additional 1.2 million people may die by 2029 from fentanyl overdose.',
        'In 2021, the Mexico Peace Index estimated the economic costs of violence to be over $243 billion.',
        'US citizens accounted for 86.3% of convicted fentanyl drug traffickers.',
        'Fentanyl seizures at the southwest border rose over 500 percent.',
        'More than 150 people die every day from overdoses.',
      ]),
      doc('people', ['Felbab-Brown said the cartels are taking over the timber industry in Tijuana.', 'He recently wrote a letter to President Xi Jinping.']),
      doc('elsewhere', ['Heroin is less lethal than fentanyl.', 'Opioids killed more than the wars in Vietnam and Afghanistan combined.']),
    ],
    realAliases,
  );
  const first = (query: string) => extra.search(query, { limit: 5 }).hits[0]?.passageId;

  it('reads amounts as articles write them: spoken decimals, millions and billions, a hundred and fifty, percent', () => {
    expect(first('one point two million more deaths by 2029')).toBe('amounts#1');
    expect(first('two hundred forty-three billion dollars')).toBe('amounts#2');
    expect(first('eighty-six point three percent of traffickers')).toBe('amounts#3');
    expect(first('a hundred and fifty people die')).toBe('amounts#5');
  });

  it('meets irregular verb forms (rise / rose, write / wrote)', () => {
    expect(extra.search('seizures rise 500 per cent').hits[0]?.snippet).toContain('**rose**');
    expect(extra.search('did he write a letter to Xi').hits[0]?.snippet).toContain('**wrote**');
  });

  it('takes a swap of two letters in a short word as a typo, but not a word that merely contains the query word', () => {
    expect(extra.search('Felbab-Brwon timber').hits[0]?.snippet).toContain('-**Brown**');
    // `marijuana` is no misspelling of `Tijuana`: fuse.js alone would take it for one.
    expect(extra.search('marijuana timber').hits).toEqual([]);
  });

  it('drops words that only frame a question', () => {
    expect(first('what else happened with the timber industry')).toBe('people#1');
  });

  it('does not answer with a passage that holds one word of the query while the other is only elsewhere in its article', () => {
    expect(extra.search('heroin from Afghanistan').hits).toEqual([]);
    expect(first('heroin fentanyl')).toBe('elsewhere#1');
  });
});

describe('snippets', () => {
  it('quote the matching sentence verbatim with matched words in bold', () => {
    const hit = index.search('Mariposa Nogales').hits[0]!;
    expect(hit.snippet).toContain('**Mariposa**');
    expect(hit.snippet).toContain('**Nogales**');
    expect(hit.text).toContain(plain(hit.snippet));
  });

  it('bold an alias where the text spells it out', () => {
    expect(index.search('AMLO').hits[0]!.snippet).toContain('López Obrador**');
  });

  it('stay within 350 characters, cut at word boundaries, for a long paragraph', () => {
    const long = Array.from({ length: 12 }, (_, i) => `Sentence ${i + 1} talks about ports and trade in general terms without the key word`).join(', ') + ', and finally the Mariposa crossing.';
    const big = SearchIndex.build([...corpus, { ...corpus[2]!, id: 'long', file: 'long.md', paragraphs: [long] }], realAliases);
    const hit = big.search('Mariposa crossing').hits.find((candidate) => candidate.docId === 'long')!;
    expect(hit.snippet.length).toBeLessThanOrEqual(350);
    expect(hit.snippet).toContain('**Mariposa crossing**');
    expect(hit.snippet.startsWith('…')).toBe(true);
    expect(long).toContain(plain(hit.snippet));
  });

  it('quote the sentence of a multi-sentence passage that holds the question, also when it is asked in Spanish', () => {
    const passage = 'The delegation arrived in Washington on Monday for two days of meetings. Canadian Ambassador Kirsten Hillman told reporters that precursor chemicals reach Mexico by sea. The talks ended without a joint statement.';
    const kb = SearchIndex.build([...corpus, doc('talks', [passage])], realAliases);
    for (const query of ['what did the ambassador say about precursor chemicals', '¿qué dijo la embajadora sobre los precursores químicos?']) {
      const hit = kb.search(query).hits.find((candidate) => candidate.docId === 'talks');
      expect(plain(hit!.snippet), query).toContain('Canadian Ambassador Kirsten Hillman told reporters that precursor chemicals reach Mexico by sea.');
      expect(plain(hit!.snippet), query).not.toContain('The delegation arrived');
    }
  });

  it('show the part of a long sentence that holds most of the question, not the part around its first matched word', () => {
    const sentence =
      'The receiving delegation included the attorney general, the national security adviser, the ambassador to Mexico, the secretary of the navy, the head of customs and border protection, the deputy secretary of homeland security and several officials from the departments of state, treasury and justice, while Canadian Ambassador Kirsten Hillman and the Canadian intelligence adviser were sent as Canada’s representatives for the event at the White House.';
    const kb = SearchIndex.build([...corpus, doc('long-sentence', [sentence])], realAliases);
    const hit = kb.search('Canadian delegation Kirsten Hillman').hits.find((candidate) => candidate.docId === 'long-sentence')!;
    expect(plain(hit.snippet).length).toBeLessThanOrEqual(350);
    expect(hit.snippet).toContain('**Kirsten Hillman**');
    expect(sentence).toContain(plain(hit.snippet));
  });

  it('stay within 350 characters as sent, bold marks and Markdown escapes included, cut in the text', () => {
    // Escapes double the length of a stretch like `lab\_1\_x`: the cut must count them.
    const codes = Array.from({ length: 40 }, (_, i) => `lab_${i}_x`).join(' ');
    const sentence = `Seized ledgers name the Mariposa crossing and list the codes ${codes} for each press.`;
    const starred = `Seized ledgers list ${Array.from({ length: 90 }, (_, i) => `*c_${i}*`).join(' ')} and finally the Mariposa crossing.`;
    const kb = SearchIndex.build([...corpus, doc('codes', [sentence]), doc('starred', [starred])], realAliases);
    const snippets = [
      kb.search('Mariposa crossing codes', { limit: 5 }).hits.find((hit) => hit.docId === 'codes')!.snippet,
      kb.search('Mariposa crossing ledgers', { limit: 5 }).hits.find((hit) => hit.docId === 'starred')!.snippet,
      // Without a query a hit's snippet is the passage's opening.
      kb.hit('starred#1')!.snippet,
    ];
    for (const snippet of snippets) {
      expect(snippet.length).toBeLessThanOrEqual(350);
      // Nearly all of the room is used, and what is shown is the article's text.
      expect(snippet.length).toBeGreaterThan(300);
      expect(sentence + starred).toContain(plain(snippet));
    }
    expect(snippets[0]).toContain('**Mariposa crossing**');
    expect(snippets[1]).toContain('**Mariposa crossing**');
  });

  it('never cut an emoji (or any character outside the BMP) in half', () => {
    // No space to cut at: the cut falls wherever the room ends, at odd and even offsets alike.
    const emoji = doc('emoji', [1, 2].map((odd) => `${'x'.repeat(odd)}${'🚚'.repeat(200)}Mariposa${'🚚'.repeat(200)}`));
    const kb = SearchIndex.build([...corpus, emoji], realAliases);
    const snippets = kb.search('Mariposa', { limit: 5 }).hits.filter((hit) => hit.docId === 'emoji').map((hit) => hit.snippet);
    expect(snippets).toHaveLength(2);
    for (const snippet of snippets) {
      expect(snippet.length).toBeLessThanOrEqual(350);
      expect(snippet).toContain('**Mariposa**');
      expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('escape Markdown quoted from an article so it cannot reformat the answer', () => {
    const tricky = SearchIndex.build([{ ...corpus[2]!, id: 'tricky', file: 't.md', paragraphs: ['The *so-called* fill_and_finish labs use `presses` @everyone.'] }]);
    const snippet = tricky.search('labs presses').hits[0]!.snippet;
    expect(snippet).toContain('\\*so-called\\*');
    expect(snippet).toContain('fill\\_and\\_finish');
  });
});

describe('invisible characters inside words', () => {
  // A zero-width space, soft hyphen or joiner pasted inside a word must not split it.
  const hidden = doc('hidden', ['Officers seized fentan\u200Byl pow\u00ADder hidden in a shipment of avo\u2060cados.']);
  const withHidden = SearchIndex.build([...corpus, hidden], realAliases);

  it('finds a passage whose words contain zero-width or soft-hyphen characters', () => {
    const hits = withHidden.search('fentanyl powder avocados', { limit: 5 }).hits;
    expect(hits[0]?.passageId).toBe('hidden#1');
    expect(hits[0]?.snippet).toContain('**avo\u2060cados**');
  });

  it('reads a query with those characters as the plain word', () => {
    expect(top('Sina\u00ADloa car\u200Btel')).toBe(top('Sinaloa cartel'));
    expect(index.search('\u200Bfentan\u200Dyl').total).toBe(index.search('fentanyl').total);
  });
});

describe('combining marks and letters that are not words', () => {
  // `e-mails` puts the lone letter `e` in the index: a query read as `e` would be answered with this passage.
  const mails = doc('mails', ['Reuters analysed millions of e-mails kept by the Armed Forces.']);
  // A passage written with combining accents (NFD), as some copied text is.
  const decomposed = doc('decomposed', ['Customs agents in Ciudad Jua\u0301rez inspected the trucks.']);
  const kb = SearchIndex.build([...corpus, mails, decomposed], realAliases);
  /** `word` with a stack of combining marks on every letter ("zalgo" text). */
  const zalgo = (word: string) => [...word].map((letter) => letter + '\u0315\u031b\u0340\u0341\u0358\u0321\u0322\u0327').join('');

  it('answers nothing for a letter under a pile of combining marks, a lone letter, or one letter repeated', () => {
    const queries = ['é' + '\u0301'.repeat(198), 'e' + '\u0301'.repeat(198), 'e\u0301'.repeat(99), 'e', 'E', 'eeeeeeee', zalgo('eeee')];
    for (const query of queries) expect(kb.search(query).hits, JSON.stringify(query.slice(0, 8))).toEqual([]);
    // The passage is there for a real question.
    expect(kb.search('e-mails Armed Forces').hits[0]?.passageId).toBe('mails#1');
  });

  it('reads a word typed with combining accents, or smothered in marks, as the word', () => {
    // `Me\u0301rida` is how some keyboards and copied text spell Mérida (NFD): one word, not `me` and `rida`.
    expect(kb.search('Me\u0301rida').hits[0]?.passageId).toBe('mexico-politics#3');
    expect(kb.search('Lo\u0301pez Obrador').hits[0]?.passageId).toBe('mexico-politics#1');
    expect(kb.search(zalgo('Mariposa')).hits[0]?.passageId).toBe('border-seizures#2');
    expect(kb.search('Ciudad Juárez trucks').hits[0]?.snippet).toContain('**Ciudad Jua\u0301rez**');
  });
});
