/**
 * Questions asked in people's words, on the real knowledge base (knowledge/): partial
 * answers, Spanish, synonyms, question-aware ranking and no-answer suggestions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { Glossary, GLOSSARY_EN_FILE, GLOSSARY_ES_FILE, GlossaryFile, isSpanish, readGlossary, stemEs } from '../../src/search/lexicon.ts';
import { askedDoing, asksFor } from '../../src/search/query-reader.ts';
import { answersKind } from '../../src/search/ranking.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { doc } from '../fixtures.ts';

const { documents, aliases } = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
const index = SearchIndex.build(documents, aliases);
const first = (query: string, options = {}) => index.search(query, { limit: 3, ...options }).hits[0]?.text ?? '';

describe('partial answers', () => {
  it('answers the covered part of a query with one word the knowledge base lacks, and says which', () => {
    // `PGR` (the attorney general's office's former name) is in no passage and no glossary; `FGR` is in the Spanish glossary.
    // (`chief` is among the delegation paragraph's search terms, and reads as `director` through the everyday glossary:
    // with them the whole query answers. Partial answers alone are measured here.)
    const result = index.search('PGR chief Gertz Manero', { without: ['terms', 'everyday'] });
    expect(result.hits[0]?.text).toContain('Attorney General Alejandro Gertz Manero');
    expect(result.partial).toEqual({ unmatched: ['pgr'], matched: expect.arrayContaining(['gertz', 'manero']) });
    // Without partial answers the same query is refused whole.
    expect(index.search('PGR chief Gertz Manero', { without: ['partial', 'terms', 'everyday'] }).total).toBe(0);
    expect(index.search('PGR chief Gertz Manero').hits[0]?.text).toContain('Attorney General Alejandro Gertz Manero');
  });

  it('answers about a named body when the one other word is unknown (`DEA honcho`), and says which word it left out', () => {
    for (const [query, name] of [
      ['DEA honcho', 'DEA'],
      ['Sedena spox', 'Sedena'],
    ] as const) {
      const result = index.search(query);
      expect(result.hits[0]?.text, query).toContain(name);
      expect(result.partial, query).toEqual({ unmatched: [query.split(' ')[1]], matched: [name.toLowerCase()] });
    }
    // `chief` is the articles' `administrator` (everyday glossary): the DEA's head answers whole.
    expect(index.search('DEA chief').hits[0]?.text).toContain('Anne Milgram, the DEA administrator');
    // Two words left out are more than the name alone can answer.
    expect(index.search('Marcelo Ebrard presidential bid').total).toBe(0);
  });

  it('never drops a word of a full name: another Rafael is not Rafael Caro Quintero, and the reply names him', () => {
    // Without the rule the partial answer dropped `caro quintero` and answered with a cabinet list holding a Rafael.
    const result = index.search('has Rafael Caro Quintero been extradited to the US');
    expect(result.total).toBe(0);
    expect(result.unknownNames).toEqual(['rafael caro quintero']);
    // A name opening the question is a name too, when the dictionary lacks its first word.
    expect(index.search('Claudia Sheinbaum security strategy').unknownNames).toEqual(['claudia sheinbaum']);
    expect(index.search('Ovidio Guzman extradition').unknownNames).toEqual(['ovidio guzman']);
    // A title-case phrase of everyday words is not a name.
    expect(index.search('Best Tacos In Mexico City').unknownNames ?? []).not.toContain('tacos in mexico city');
    expect(index.search("Whats Ebrard's Favourite Food").unknownNames ?? []).not.toContain('whats ebrard s favourite food');
    // A full name the articles hold still answers, and a question word opening it is not part of it.
    expect(index.search('Did Ken Salazar comment').hits[0]?.text).toContain('Salazar');
    expect(index.search('What did Ebrard say').total).toBeGreaterThan(0);
  });

  it('counts a word the passage holds through an alias as held (`smugglers` in a passage about traffickers)', () => {
    // (The paragraph's search terms cover `study` and `methodology`: without them the query is answered in part.)
    const result = index.search('Cato Institute smugglers study methodology', { without: ['terms'] });
    expect(result.hits[0]?.text).toContain('the Cato Institute');
    expect(result.partial?.matched).toEqual(expect.arrayContaining(['cato', 'institute', 'smugglers']));
  });

  it('answers when a word it left out is still said in other words by the passage (`growers` → agricultural)', () => {
    const result = index.search('cartel extortion of mango growers');
    expect(result.hits[0]?.text).toContain('Mexican cartels are involved in logging, fishing and other agricultural sectors');
    expect(result.partial?.unmatched).toEqual(expect.arrayContaining(['mango', 'growers']));
    // Without WordNet nothing backs the words kept up, and the question is refused.
    expect(index.search('cartel extortion of mango growers', { without: ['wordnet'] }).total).toBe(0);
  });

  it('reads a clipped word as the word it starts (`fent` → fentanyl)', () => {
    expect(first('fent seizures on track for a record')).toContain('FY 2023 fentanyl seizures are on track to set a record');
  });

  it('still refuses near-topic and everyday questions whose covered part is only ordinary words', () => {
    for (const query of ['xylazine mixed into street drugs', 'heroin prices in Europe', 'Claudia Sheinbaum security strategy', 'how long to boil an egg', 'what is the capital of Australia', 'El Chapo sentencing']) {
      const result = index.search(query);
      expect(result.total, query).toBe(0);
      expect(result.partial, query).toBeUndefined();
    }
  });

  it('refuses a question about a place the articles never mention, even when its other words answer another question', () => {
    for (const [query, twin] of [
      ['precursor chemicals shipped from India', 'precursor chemicals shipped from China'],
      ['fentanyl smuggled across the southern border from Guatemala', 'fentanyl smuggled across the southern border'],
    ] as const) {
      const refused = index.search(query);
      expect(refused.total, query).toBe(0);
      expect(refused.unknownNames?.length, `${query} names what no passage mentions`).toBe(1);
      expect(index.search(twin).total, twin).toBeGreaterThan(0);
    }
    // A name the articles describe without naming (the Guacamaya hack) still gets the covered part.
    expect(first('Guacamaya hack of army emails')).toContain('e-mails');
  });

  it('refuses a question about a place the articles mention, when the article of the best answer never names it', () => {
    // Canada is in the articles (the USMCA, its ambassador), not in the one on US overdose deaths.
    const refused = index.search('How many people died of opioid overdoses in Canada last year?');
    expect(refused.total).toBe(0);
    expect(index.search('How many people died of opioid overdoses in the United States?').total).toBeGreaterThan(0);
  });

  it('refuses a question about a drug the articles never mention, and names it (`meth`, WordNet\'s drugs)', () => {
    for (const [query, drug] of [
      ['meth seizures at the border', 'meth'],
      ['how many people died from methamphetamine overdoses', 'methamphetamine'],
    ] as const) {
      const result = index.search(query);
      expect(result.total, query).toBe(0);
      expect(result.unknownNames, query).toContain(drug);
    }
    // A drug the articles do mention is no reason to refuse.
    expect(index.search('fentanyl vs heroin potency').total).toBeGreaterThan(0);
  });

  it('knows a place typed in lower case as a place (`seattle`, `ohio`), and not as a misspelt word the articles use', () => {
    for (const query of ['fish market prices in seattle', 'election results in ohio']) {
      const refused = index.search(query);
      expect(refused.total, query).toBe(0);
      expect(refused.unknownNames?.length, query).toBe(1);
    }
    expect(first('fentanyl seizures in arizona')).toContain('Arizona');
    // A common word's plural that WordNet also lists as a name (`Judges`, `Acts`) is the common word.
    expect(index.search('acts of violence by cartels').total).toBeGreaterThan(0);
  });

  it('matches other forms of a word (`seizures` → seized), not words that only start alike (`heart` → hear)', () => {
    const seizures = index.search('seizures', { limit: 50 }).hits.map((hit) => hit.text);
    expect(seizures.some((text) => /\bseized\b/i.test(text) && !/seizure/i.test(text))).toBe(true);
    // No passage says `heart`; one says `hear`, another word.
    expect(index.search('heart').total).toBe(0);
  });

  it('reads `two` in `the two countries` as two, not as the start of a decimal (`2.7 kilograms`)', () => {
    const texts = index.search('relations between the two countries', { limit: 50 }).hits.map((hit) => hit.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((text) => text.includes('2.7 kilograms'))).toBe(false);
    // Two digits and more still find their decimals (eighty-six → 86.3%).
    expect(first('eighty-six percent of traffickers')).toContain('86.3');
  });

  it('does not answer the part of a query left when that part is only everyday words the articles happen to use once', () => {
    // `hits` and `low` are each in one passage, but say nothing of what the question is about.
    expect(index.search('stock market hits a low').total).toBe(0);
  });

  it('refuses a question about a person the articles never name, even when a word of the name looks like a word they use', () => {
    // `Guzmán` is one letter from `gunman`: a misspelled name resembles a name, not a common word.
    const refused = index.search('When was Ovidio Guzmán arrested and was he extradited?');
    expect(refused.total).toBe(0);
    expect(refused.unknownNames).toEqual(['ovidio guzman']);
    expect(index.search('When was General Cienfuegos arrested?').total).toBeGreaterThan(0);
    // A name the articles hold, misspelled, is still that name.
    expect(first('Marcelo Ebrad on the arrests of Americans')).toContain('Ebrard');
  });

  it('reads `vs` as `against`: a stop word, not an unknown word the question then lacks', () => {
    expect(index.search('unilateral action vs cartels').total).toBe(index.search('unilateral action against cartels').total);
    expect(index.search('unilateral action vs cartels').total).toBeGreaterThan(0);
  });

  it("reads a contraction as its words (`isn't` is `is not`), not as an unknown word that halves the answers", () => {
    for (const [contracted, spelled] of [
      ["AMLO says fentanyl isn't made in Mexico", 'AMLO says fentanyl is not made in Mexico'],
      ["why doesn't Mexico want US troops", 'why does Mexico not want US troops'],
    ] as const) {
      const result = index.search(contracted, { limit: 5 });
      expect(result.total, contracted).toBe(index.search(spelled).total);
      expect(result.total, contracted).toBeGreaterThan(0);
    }
  });

  it('reads `meaning`, `define`, `explain` as asking about the word, not as a word the articles must hold', () => {
    for (const query of ['apapacho meaning??', 'what does apapacho mean', 'define apapacho', 'explain Operation Blue Lotus']) {
      expect(index.search(query).hits[0]?.text, query).toMatch(/apapacho|Blue Lotus/);
    }
  });

  it('reads a query only as far as its first 500 characters, for every rule (names, phrases), and echoes it whole', () => {
    const padding = 'Ab '.repeat(200);
    const long = `${padding}Cienfuegos`;
    const result = index.search(long);
    expect(result.query).toBe(long);
    // The name past the limit is not read: nothing is asked, nothing answers.
    expect(result.total).toBe(0);
    expect(index.search(`${'Ab '.repeat(100)}Cienfuegos`).total).toBeGreaterThan(0);
  });

  it('gives no partial note when the whole query is answered', () => {
    expect(index.search('Operation Blue Lotus').partial).toBeUndefined();
  });
});

describe('Spanish questions', () => {
  it('tells Spanish from English by its function words and marks', () => {
    expect(isSpanish('¿quién dirige la DEA?')).toBe(true);
    expect(isSpanish('incautaciones de fentanilo en la frontera')).toBe(true);
    expect(isSpanish('fentanyl seizures at the border')).toBe(false);
    expect(isSpanish('Operation Blue Lotus')).toBe(false);
  });

  it('reads a few Spanish keywords as Spanish, without any function word', () => {
    expect(isSpanish('muertes sobredosis Estados Unidos')).toBe(true);
    expect(isSpanish('extradición Cienfuegos')).toBe(true);
    expect(first('muertes sobredosis Estados Unidos')).toContain('overdose deaths in the United States');
    // English questions with a Spanish-looking word, or English words a Spanish stemmer would misread, stay English.
    expect(isSpanish('narco labs')).toBe(false);
    expect(isSpanish('leaked military emails show far more drug kitchens shut than officials admitted')).toBe(false);
    // Inflected English words are English (`called`, `policies`), not Spanish stems (`calle`).
    expect(isSpanish('biden called')).toBe(false);
    expect(index.search('security policies').total).toBeGreaterThan(0);
  });

  it('finds the English passage through the glossary, accents folded, and through cognates', () => {
    expect(first('¿Cuántas libras de fentanilo incautaron en la primera semana de la operación?')).toContain('900 pounds of fentanyl');
    expect(first('¿qué dijo Milgram sobre los cárteles de Sinaloa y Jalisco?')).toContain('Anne Milgram, the DEA administrator');
    expect(first('extradición del general Cienfuegos')).toContain('Cienfuegos');
    // Without the glossary the Spanish words find nothing.
    expect(index.search('¿Cuántas libras de fentanilo incautaron en la primera semana de la operación?', { without: ['glossary'] }).hits[0]?.text ?? '').not.toContain('900 pounds');
  });

  it('reads irregular Spanish verb forms and idioms through the glossary (`dio rienda suelta` → given free reign, `vienen` → come)', () => {
    expect(first('¿a quiénes dio rienda suelta López Obrador?')).toContain('has essentially given free reign');
    expect(first('¿los precursores químicos vienen de China?')).toContain('chemical precursors used by the Mexican cartels to produce the opioid fentanyl come');
  });

  it('keeps apart words the Spanish stemmer confuses (`sábado` is Saturday, not a form of `saber`), and forms of one word together', () => {
    const glossary = new Glossary({ terms: { saber: ['know'], saben: ['know'], sabado: ['Saturday'], china: ['China'], chinos: ['Chinese'] } });
    expect(stemEs('sabado')).toBe(stemEs('saber'));
    expect(glossary.match([stemEs('sabado')], 0, [], ['sabado'])?.english).toEqual(['Saturday']);
    expect(glossary.match([stemEs('saben')], 0, [], ['saben'])?.english).toEqual(['know']);
    expect(glossary.match([stemEs('chinas')], 0, [], ['chinas'])?.english).toEqual(['China', 'Chinese']);
    // On the real glossary, an everyday question about Saturday no longer finds "We know that…".
    expect(index.search('a que hora juega el america el sabado').hits).toEqual([]);
  });

  it('translates a Spanish word inside an English question', () => {
    expect(first('canciller Ebrard consulates')).toContain('Ebrard');
  });

  it('validates knowledge/glossary-es.json with zod, and refuses a malformed entry', () => {
    const file = GlossaryFile.parse(JSON.parse(readFileSync(GLOSSARY_ES_FILE, 'utf8')));
    expect(Object.keys(file.terms).length).toBeGreaterThan(300);
    expect(GlossaryFile.safeParse({ terms: { decomiso: [] } }).success).toBe(false);
    expect(GlossaryFile.safeParse({ terms: { '<script>': ['x'] } }).success).toBe(false);
    expect(GlossaryFile.safeParse({ terms: { a: ['b'] }, extra: 1 }).success).toBe(false);
  });
});

describe('English in other words', () => {
  it('matches WordNet synonyms (`busts` → raids), which only WordNet and the everyday glossary find', () => {
    expect(first('drug busts in the north of Mexico', { without: ['everyday'] })).toContain('reported various raids');
    expect(index.search('drug busts in the north of Mexico', { without: ['wordnet', 'everyday', 'terms'] }).total).toBe(0);
  });

  it('reads a phrasal verb of the everyday glossary only as the whole phrase (`hand over` is extradition; `hand` alone is not)', () => {
    expect(first('did Mexico hand over the general')).toContain('Cienfuegos');
    expect(index.search('hand washing').total).toBe(0);
  });

  it('reaches a synonym the articles use past synonyms they never do (`destroyed` → dismantled, `dishonest` → misleading)', () => {
    // Both words' first WordNet synonyms are words no passage uses; only the ones the index holds count towards the limit.
    // (The everyday glossary also knows `destroy`: it is off here, so WordNet alone is measured.)
    expect(first('labs destroyed in Mexico', { without: ['everyday'] })).toContain('labs dismantled in the country');
    expect(first('dishonest claims about fentanyl', { without: ['everyday'] })).toContain('misleading retorts');
    for (const query of ['labs destroyed in Mexico', 'dishonest claims about fentanyl']) expect(index.search(query, { without: ['wordnet', 'everyday', 'terms'] }).total, query).toBe(0);
  });

  it('does not answer with a passage that holds only everyday words of the question (`time`, `close`)', () => {
    expect(index.search('what time does the pharmacy close').total).toBe(0);
    // `Mexico City` is one name (aliases.json), not `Mexico` and a rare `city` that a paragraph happens to say.
    expect(index.search('what time is it in mexico city').total).toBe(0);
    expect(index.search('what is the weather in Mexico City').total).toBe(0);
    expect(first('lawmakers visit to Mexico City')).toContain('lawmakers visited Mexico City');
  });

  it('does not let synonyms of everyday words answer an everyday question', () => {
    for (const query of ['how to write a cover letter', 'gardening tips for tomatoes', 'best running shoes for flat feet']) expect(index.search(query).total, query).toBe(0);
  });
});

describe('everyday English (knowledge/glossary-en.json)', () => {
  it('answers the words people ask with through the articles\' words, and refuses them without the glossary', () => {
    for (const [query, expected] of [
      ['drug busts', /seiz|raids/],
      ['overdose toll', /overdose deaths|killed/],
      ['lawmakers kept in the dark', /not proactively keeping Congress informed/],
      ['top prosecutor in the delegation', /Attorney General Merrick Garland/],
    ] as const) {
      expect(first(query), query).toMatch(expected);
      expect(index.search(query, { without: ['everyday', 'terms'] }).total, `${query} without the glossary`).toBe(0);
    }
  });

  it('reads a phrase as an idiom: `top diplomat` is the foreign minister, not a passage that says `top`', () => {
    const hits = index.search("who is Mexico's top diplomat", { limit: 3 }).hits.map((hit) => hit.text);
    expect(hits[0]).toMatch(/Foreign Minister|foreign minister|Foreign Affairs/);
    for (const text of hits) expect(text).not.toMatch(/top-level/);
  });

  it('translates a phrase\'s last word only after the words before it (`toll` alone is not a death toll)', () => {
    expect(index.search('highway toll fees').total).toBe(0);
    expect(first('death toll from fentanyl')).toMatch(/deaths|killed/);
  });

  it('still refuses near-topic questions the articles do not answer', () => {
    for (const query of ['heroin prices in Europe', 'xylazine in the drug supply', 'cocaine routes through Colombia', 'Canada fentanyl production superlabs']) expect(index.search(query).total, query).toBe(0);
  });

  it('reports an invalid glossary file in one line naming it, not a stack trace', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'glossary-'));
    const file = path.join(folder, 'glossary-en.json');
    try {
      writeFileSync(file, JSON.stringify({ terms: { bust: [] } }));
      expect(() => readGlossary(file, (term) => [term])).toThrow(/glossary-en\.json: a glossary term needs at least one translation$/);
      writeFileSync(file, '{ not json');
      expect(() => readGlossary(file, (term) => [term])).toThrow(/^[^\n]*glossary-en\.json: [^\n]+$/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('validates knowledge/glossary-en.json with zod like the Spanish glossary', () => {
    const file = GlossaryFile.parse(JSON.parse(readFileSync(GLOSSARY_EN_FILE, 'utf8')));
    expect(Object.keys(file.terms).length).toBeGreaterThan(100);
    for (const term of Object.keys(file.terms)) expect(term, 'terms are lower case').toBe(term.toLowerCase());
  });
});

describe('question-aware ranking', () => {
  it('reads what a question asks for', () => {
    expect(asksFor('how many pounds were seized')).toBe('figure');
    expect(asksFor('what percentage of smugglers are Americans')).toBe('percentage');
    expect(asksFor('¿cuántos senadores viajaron?')).toBe('figure');
    expect(asksFor('who leads the DEA')).toBe('person');
    expect(asksFor('Operation Blue Lotus')).toBeNull();
    expect(asksFor('When was Cienfuegos arrested?')).toBe('time');
    expect(asksFor('¿cuándo detuvieron a Cienfuegos?')).toBe('time');
    expect(asksFor('en qué año detuvieron a Cienfuegos')).toBe('time');
    // `when` inside a sentence, or opening a clause, joins two clauses; it does not ask for a time.
    expect(asksFor('what did Ebrard say when he visited Washington')).toBeNull();
    expect(asksFor('When asked about the situation, what did General Mark Milley say?')).toBeNull();
  });

  it('still answers questions of degree and duration, which are answered in words as often as in figures', () => {
    for (const [question, expected] of [
      ['How long was Cienfuegos defense minister?', 'from 2012 to 2018'],
      ['How many years did Cienfuegos serve as defense minister?', 'from 2012 to 2018'],
      ['How much do the cartels control the fishing industry?', 'fishing'],
      ['how long did the meeting between lawmakers and López Obrador last', 'for five hours'],
      ['When asked about the situation in a recent interview, what did General Mark Milley say?', 'Milley'],
      ['When did cooperation between the US and Mexico start deteriorating?', 'over the last five years'],
    ] as const) {
      expect(first(question), question).toContain(expected);
    }
  });

  it('reads a time in a passage: months and days as names, not the verbs `may` and `march`', () => {
    for (const text of ['in March', 'on Wednesday evening', 'over the last five years', 'Recently, officials said', 'a decade earlier', 'the 1990s', 'by 2029']) expect(answersKind(text, 'time'), text).toBe(true);
    for (const text of ['many may die', 'troops march north', 'the two countries']) expect(answersKind(text, 'time'), text).toBe(false);
  });

  it('answers `when` only with a passage that says a time, and refuses when none does', () => {
    expect(first('when was Cienfuegos arrested')).toContain('October 2020');
    expect(first('when did Milgram testify')).toContain('in February');
    // The best passage names the ambassador among a delegation and says no date: no answer to when he was confirmed.
    expect(index.search('When was Ken Salazar confirmed as US ambassador to Mexico?').total).toBe(0);
    expect(index.search('When was Ken Salazar confirmed as US ambassador to Mexico?', { without: ['question'] }).total).toBeGreaterThan(0);
  });

  it('answers `who did…` only with a passage that says it was done, in any of the ways the word is read', () => {
    // The DEA administrator is named, but no passage says who replaced her.
    const replaced = index.search('who replaced Anne Milgram as DEA administrator?');
    expect(replaced.total).toBe(0);
    expect(replaced.unsaidDoing).toBe('replaced');
    expect(index.search('who replaced Anne Milgram as DEA administrator?', { without: ['question'] }).total).toBeGreaterThan(0);
    expect(first('who testified on Capitol Hill about the Sinaloa cartel')).toContain('Anne Milgram, the DEA administrator, testified');
    // In Spanish, through the glossary (`formaron` → included).
    expect(first('¿Quiénes formaron la delegación mexicana que viajó a Washington en abril?')).toMatch(/delegation included|Ebrard and his companions/);
    expect(askedDoing('Who currently leads the Sinaloa Cartel?')).toBe('leads');
    expect(askedDoing('¿Quién sucedió a Milgram?')).toBe('sucedio');
    expect(askedDoing('what did Ebrard say')).toBeUndefined();
  });

  it('puts first a passage with a figure when the question asks how many', () => {
    expect(first('how many pounds of fentanyl did border officials seize during the first week of the operation')).toMatch(/900 pounds/);
    // A figure written out counts (`two-decade`).
    expect(first('how many years of bilateral drug cooperation is AMLO accused of rejecting')).toContain('two-decade bilateral cooperation');
  });

  it('answers `how many` only with a passage that holds a figure, and a year is not one', () => {
    // The best passage says the DEA's agents in Mexico were limited, in 2020: no count of them.
    expect(index.search('How many DEA agents are stationed in Mexico?').total).toBe(0);
    expect(index.search('How many DEA agents are stationed in Mexico?', { without: ['question'] }).hits[0]?.text).toContain("Drug Enforcement Administration's agents");
  });
});

describe('no-answer replies', () => {
  it('offers the topics nearest the query, not the first ones alphabetically', () => {
    const suggestions = index.search('Canadian opioid safe supply program').suggestions;
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions).not.toEqual(index.topics().slice(0, 5));
    expect(index.search('weapons smuggled south, gun lobby lawsuits against manufacturers in Delaware').suggestions).toContain('arms trafficking');
  });

  it('offers a correction only when it answers, and never one that drops words', () => {
    for (const query of ['how to train a puppy', 'stock market forecast']) {
      const topics = index.topics();
      expect(index.search(query).suggestions.every((suggestion) => topics.includes(suggestion)), query).toBe(true);
    }
  });
});

describe('a paragraph that continues the one before it', () => {
  // Filler documents so the test words are rare, as names are in a real knowledge base.
  const filler = Array.from({ length: 12 }, (_, d) =>
    doc(`filler-${d}`, [`Customs officers reported seizures at the border crossing number ${d}.`, `Officials in the region discussed trade and migration for week ${d}.`]),
  );
  const article = doc('interview', [
    'Dana Whitfield, a senior fellow at the Harbor Policy Forum, gave an interview to a radio station about the border.',
    'She also stated that tariffs cannot replace cooperation on chemical inspections.',
    'Customs officers reported seizures at the border crossing on Monday.',
  ]);
  const small = SearchIndex.build([...filler, article]);

  it('answers with the quote when the question names the person or body introduced in the paragraph before (`He/She also stated…`)', () => {
    const texts = small.search('Harbor Policy Forum fellow on tariffs', { limit: 3 }).hits.map((hit) => hit.text);
    expect(texts).toContain('She also stated that tariffs cannot replace cooperation on chemical inspections.');
  });

  it('does not lend the paragraph before to one that does not continue it', () => {
    const texts = small.search('Harbor Policy Forum fellow on seizures', { limit: 3 }).hits.map((hit) => hit.text);
    expect(texts).not.toContain('Customs officers reported seizures at the border crossing on Monday.');
  });
});
