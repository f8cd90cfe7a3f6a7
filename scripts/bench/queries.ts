/**
 * The fixed query mix: 25 each of keywords, questions, typos and names, the kinds users
 * send. Interleaved by kind, so any prefix (the baseline measures a prefix when it is too
 * slow for all 100) is still a fair mix.
 */
export type QueryKind = 'keywords' | 'question' | 'typo' | 'name';

const KEYWORDS = [
  'fentanyl seizures Arizona',
  'Mariposa port of entry',
  'precursor chemicals China',
  'fentanyl',
  'border crossings',
  'overdose deaths',
  'cartel violence Mexico',
  'Operation Blue Lotus arrests',
  'hidden compartments vehicles',
  'US citizens convicted trafficking',
  'Mexican army lab seizures',
  'fentanyl Mexico border',
  'terrorist designation cartels',
  'wildlife timber trade',
  'money laundering sanctions',
  'scanning technology ports',
  'extradition',
  'synthetic opioids heroin',
  'pill presses',
  'security cooperation agreement',
  'drug policy United States',
  'migration fentanyl',
  'record quantities seized',
  'interagency taskforce',
  'probation dealers',
];

const QUESTIONS = [
  'who smuggles fentanyl across the border?',
  'how many people were arrested in Operation Blue Lotus?',
  'which cartels dominate the fentanyl trade',
  'where are most seizures happening',
  'what did Ebrard say about American citizens?',
  'how lethal is fentanyl compared to heroin?',
  'why is Mexico underreporting overdose deaths',
  'what does China supply to the cartels',
  'how much fentanyl was seized last year?',
  'what is the Merida Initiative',
  'who is the US ambassador to Mexico',
  'what did Blinken praise',
  'does Mexico produce fentanyl?',
  'how do traffickers hide fentanyl in cars',
  'what share of convicted traffickers are US citizens',
  'what law did Arizona pass on fentanyl dealers',
  'how many labs did the army dismantle',
  'what is the role of the DEA',
  'who testified before Congress about fentanyl?',
  'what are the main obstacles to cooperation',
  'when did the fentanyl crisis start',
  'how are precursors shipped from China to Mexico',
  'what did Lopez Obrador say about fentanyl production',
  'is fentanyl America\'s problem',
  'how many Americans die from fentanyl every year?',
];

const TYPOS = [
  'Sinaloa cartle',
  'fentanly seizures',
  'Nogalse port',
  'Mariposa port of entyr',
  'smugglign fentanyl',
  'Ebard foreign minister',
  'precusor chemicals',
  'Arizonna border',
  'overdoes deaths',
  'Salazr ambassador',
  'Blinkin praised',
  'Milgran testimony',
  'traffikers citizens',
  'Jalisco Nueva Generacoin',
  'interagancy taskforce',
  'corruptoin mistrust',
  'extradtion request',
  'heroine lethal',
  'Woodrow Wilsen Center',
  'underreportng deaths',
  'seizurs at crossings',
  'cartel violense',
  'Mexcio government',
  'fentanil trafficking',
  'consulate Phoenx',
];

const NAMES = [
  'Vanda Felbab-Brown',
  'Anne Milgram',
  'Roberto Velasco',
  'Ken Salazar',
  'Marcelo Ebrard',
  'Greg Stanton',
  'John Kennedy',
  'Andres Manuel Lopez Obrador',
  'AMLO',
  'CJNG',
  'Antony Blinken',
  'Alejandro Mayorkas',
  'Sinaloa Cartel',
  'Cato Institute',
  'Brookings Institution',
  'Woodrow Wilson Center',
  'Washington Office on Latin America',
  'Jalisco Nueva Generación',
  'Customs and Border Protection',
  'Joe Biden',
  'Nogales',
  'Mendoza Yescas',
  'SEDENA',
  'Culiacán',
  'Centers for Disease Control',
];

export interface BenchQuery {
  kind: QueryKind;
  query: string;
}

export const QUERY_MIX: readonly BenchQuery[] = KEYWORDS.flatMap((_, i) => [
  { kind: 'keywords' as const, query: KEYWORDS[i]! },
  { kind: 'question' as const, query: QUESTIONS[i]! },
  { kind: 'typo' as const, query: TYPOS[i]! },
  { kind: 'name' as const, query: NAMES[i]! },
]);

/**
 * Queries run once before timing, so the mix measures a process that has been serving for
 * a while (compiled code) rather than the first queries after start; none is in the mix.
 */
export const WARM_UP = [
  'seizures',
  'cartel leaders',
  'border agents in Texas',
  'what did the senators ask?',
  'how many pills were seized in San Diego',
  'who leads the Sinaloa cartel now?',
  'Chapitos',
  'Ovidio Guzman',
  'Biden administration',
  'Homeland Security Secretary',
  'fentanil pills',
  'cartells',
  'sesizures',
  'Tijuana port',
  'Chinese chemical companies',
  'how do precursors reach Mexico?',
  'overdose crisis',
  'DEA administrator',
  'Merida initiative',
  'eighty six percent',
];
