import { describe, expect, it } from 'vitest';
import { curateArticle, type RemovedLine } from '../../src/knowledge/curate.ts';
import { parseDateLine } from '../../src/knowledge/curate/datelines.ts';

const page = (...lines: string[]) => lines.join('\n\n');
const reasonOf = (removed: RemovedLine[], line: string) => removed.find((entry) => entry.line === line)?.reason;

const P1 = 'Customs officers in Laredo found thousands of pills hidden in a freight shipment on Tuesday, the agency said.';
const P2 = 'The pills were sent to a laboratory, which found a xylocaine compound mixed with fentanyl.';

describe('curateArticle: header and title', () => {
  it('drops navigation above the title: address and e-mail line, breadcrumb, lone section name', () => {
    const raw = [
      'Rua Exemplo Filho, 120, CIDADE - SP contact@borderwatch.org',
      'IMG-LOGO',
      'Home / News',
      '',
      'News',
      '',
      'Pill seizures rise at the southern border',
      '',
      P1,
    ].join('\n');
    const curated = curateArticle(raw);
    expect(curated.title).toBe('Pill seizures rise at the southern border');
    expect(curated.paragraphs).toEqual([P1]);
    expect(curated.removed).toEqual([
      { line: 'Rua Exemplo Filho, 120, CIDADE - SP contact@borderwatch.org', reason: 'navigation' },
      { line: 'IMG-LOGO', reason: 'image' },
      { line: 'Home / News', reason: 'navigation' },
      { line: 'News', reason: 'navigation' },
      { line: 'Pill seizures rise at the southern border', reason: 'title' },
    ]);
  });

  it('reads the publisher off a contact e-mail domain, spelled as the page spells it, else the domain itself', () => {
    expect(curateArticle(page('info@borderwatch.org', 'A headline about pills', P1)).publisher).toBe('borderwatch.org');
    expect(curateArticle(page('info@borderwatch.org', 'A headline about pills', `${P1} Border Watch has covered this since 2019.`)).publisher).toBe('Border Watch');
    // A webmail address names no publication.
    expect(curateArticle(page('tips.desk@gmail.com', 'A headline about pills', P1)).publisher).toBeNull();
  });

  it('takes a masthead above the headline as the publisher', () => {
    const curated = curateArticle(page('The Border Herald', 'Pill seizures rise at the southern border', P1));
    expect(curated).toMatchObject({ publisher: 'The Border Herald', title: 'Pill seizures rise at the southern border', paragraphs: [P1] });
    expect(reasonOf(curated.removed, 'The Border Herald')).toBe('navigation');
  });

  it('finds no title when the page opens with a paragraph, and keeps that paragraph', () => {
    const curated = curateArticle(page(P1, P2));
    expect(curated.title).toBeNull();
    expect(curated.paragraphs).toEqual([P1, P2]);
    expect(curated.removed).toEqual([]);
  });

  it('handles CRLF line ends, a byte-order mark and surrounding blank lines', () => {
    const curated = curateArticle(`\uFEFF\r\n\r\nA headline about pills\r\n\r\n${P1}\r\n\r\n${P2}\r\n`);
    expect(curated.title).toBe('A headline about pills');
    expect(curated.paragraphs).toEqual([P1, P2]);
  });
});

describe('curateArticle: bylines and datelines', () => {
  it('a lone author line followed by a date line: author and full date', () => {
    const curated = curateArticle(page('A headline about pills', 'Antonia Roca', 'March 23, 2023', P1));
    expect(curated).toMatchObject({ authors: ['Antonia Roca'], published: '2023-03-23', publisher: null, paragraphs: [P1] });
    expect(reasonOf(curated.removed, 'Antonia Roca')).toBe('byline');
    expect(reasonOf(curated.removed, 'March 23, 2023')).toBe('dateline');
  });

  it('a lone author line followed by a publication line: author and publisher', () => {
    const raw = ['A headline about pills', '', 'Rafaela Carrasco', 'Tucson Daily Star', '', P1].join('\n');
    const curated = curateArticle(raw);
    expect(curated).toMatchObject({ authors: ['Rafaela Carrasco'], publisher: 'Tucson Daily Star', published: null, paragraphs: [P1] });
    expect(reasonOf(curated.removed, 'Tucson Daily Star')).toBe('byline');
  });

  it('`By NAME, role`: the name (all caps made readable), not the role', () => {
    const curated = curateArticle(page('A headline about pills', 'Photo: Border Council', 'By JANE MARIE DE SOUZA, former U.S. consul in Nogales', P1));
    expect(curated.authors).toEqual(['Jane Marie de Souza']);
    expect(reasonOf(curated.removed, 'By JANE MARIE DE SOUZA, former U.S. consul in Nogales')).toBe('byline');
    expect(curateArticle(page('A headline about pills', 'By Ana Ruiz and Tom Lee', P1)).authors).toEqual(['Ana Ruiz', 'Tom Lee']);
  });

  it('`A / B / C | dd/mm/yyyy hh:mm | Section`: every author and the date', () => {
    const byline = 'Ana Lúcia de Moraes / Pedro H. Lacerda / Marta Pires | 27/08/2023 12:45 | Analyses';
    const curated = curateArticle(page('A headline about pills', byline, P1));
    expect(curated).toMatchObject({ authors: ['Ana Lúcia de Moraes', 'Pedro H. Lacerda', 'Marta Pires'], published: '2023-08-27', paragraphs: [P1] });
    expect(reasonOf(curated.removed, byline)).toBe('byline');
  });

  it('records only as much of the date as is stated', () => {
    expect(curateArticle(page('A headline about pills', 'Published August 2023', P1)).published).toBe('2023-08');
    // Weekday and month without a year: the line is a dateline, but no year is stated.
    const noYear = curateArticle(page('A headline about pills', 'Thursday, April 13', P1));
    expect(noYear.published).toBeNull();
    expect(reasonOf(noYear.removed, 'Thursday, April 13')).toBe('dateline');
    // 05/08/2023 is May 8 or 5 August: only the year is certain.
    expect(curateArticle(page('A headline about pills', 'Jo Diaz | 05/08/2023 | News', P1)).published).toBe('2023');
  });

  it('parses the usual date forms and rejects impossible dates', () => {
    expect(parseDateLine('March 23, 2023')?.iso).toBe('2023-03-23');
    expect(parseDateLine('Mar. 5, 2023 at 4:30 p.m. MST')?.iso).toBe('2023-03-05');
    expect(parseDateLine('23 March 2023')?.iso).toBe('2023-03-23');
    expect(parseDateLine('Updated: 2023-03-23')?.iso).toBe('2023-03-23');
    expect(parseDateLine('27/08/2023 12:45')?.iso).toBe('2023-08-27');
    expect(parseDateLine('March 2023')?.iso).toBe('2023-03');
    expect(parseDateLine('February 30, 2023')).toBeNull();
    expect(parseDateLine('March 23 was the day the pills arrived.')).toBeNull();
  });

  it('a name line not followed by a date or publication is not taken for a byline', () => {
    const curated = curateArticle(page('A headline about pills', 'Border Patrol Agents', P1));
    expect(curated.authors).toEqual([]);
    expect(curated.paragraphs).toEqual(['Border Patrol Agents', P1]);
  });
});

describe('curateArticle: chrome among the paragraphs', () => {
  it('drops IMG lines and image URLs', () => {
    const curated = curateArticle(page('A headline about pills', P1, 'IMG https://www.example.org/photos/123/456/', 'https://cdn.example.org/a.jpg', P2));
    expect(curated.paragraphs).toEqual([P1, P2]);
    expect(curated.removed.filter((entry) => entry.reason === 'image')).toHaveLength(2);
  });

  it('drops photo credit lines, which name no author or publisher', () => {
    const curated = curateArticle(page('A headline about pills', 'Photo: The Border Daily News Staff', P1, 'Photo by Jane Roe/Agency', P2));
    expect(curated).toMatchObject({ publisher: null, authors: [], paragraphs: [P1, P2] });
    expect(curated.removed.filter((entry) => entry.reason === 'photo-credit').map((entry) => entry.line)).toEqual([
      'Photo: The Border Daily News Staff',
      'Photo by Jane Roe/Agency',
    ]);
  });

  it('drops captions that carry their own credit, and captions the caller names', () => {
    const credited = 'Agents inspect a truck at the Mariposa port of entry. (Photo: CBP)';
    const caption = 'Fake pharmaceutical pills seized by the DEA.';
    const curated = curateArticle(page('A headline about pills', P1, credited, caption, P2), { dropLines: [` ${caption} `] });
    expect(curated.paragraphs).toEqual([P1, P2]);
    expect(reasonOf(curated.removed, credited)).toBe('caption');
    expect(reasonOf(curated.removed, caption)).toBe('caption');
    // Without the caller's list, an uncredited one-sentence line is article text as far as rules can tell.
    expect(curateArticle(page('A headline about pills', P1, caption, P2)).paragraphs).toEqual([P1, caption, P2]);
  });

  it('takes the reason a caller gives for an extra line', () => {
    const curated = curateArticle(page('A headline about pills', P1, 'Sponsored content', P2), { dropLines: [{ line: 'Sponsored content', reason: 'navigation' }] });
    expect(reasonOf(curated.removed, 'Sponsored content')).toBe('navigation');
  });

  it('drops comment widgets', () => {
    const curated = curateArticle(page('A headline about pills', P1, 'One comment', '12 comments', 'Leave a Reply'));
    expect(curated.paragraphs).toEqual([P1]);
    expect(curated.removed.filter((entry) => entry.reason === 'comments').map((entry) => entry.line)).toEqual(['One comment', '12 comments', 'Leave a Reply']);
  });

  it('drops related-story teasers glued to their section word', () => {
    const teasers = [
      'Arizona:1 million suspected fentanyl pills seized in Arizona; man charged in transaction',
      'Border:House Republicans rip Biden on border security',
      "Fentanyl:Nearly 500 pills found during jail bookings, sheriff's office says",
      'Read more: Cartels move into illegal fishing',
    ];
    const curated = curateArticle(page('A headline about pills', P1, ...teasers, P2));
    expect(curated.paragraphs).toEqual([P1, P2]);
    expect(curated.removed.filter((entry) => entry.reason === 'teaser').map((entry) => entry.line)).toEqual(teasers);
  });

  it('drops search boxes and language links', () => {
    const curated = curateArticle(page('A headline about pills', 'Leer en español', P1, 'Search for a news:', 'Read in English'));
    expect(curated.paragraphs).toEqual([P1]);
    expect(curated.removed.slice(1)).toEqual([
      { line: 'Leer en español', reason: 'language-link' },
      { line: 'Search for a news:', reason: 'search-box' },
      { line: 'Read in English', reason: 'language-link' },
    ]);
  });

  it('drops reporter footers at the end of the page, even before the comment widgets', () => {
    const footer = 'Have any news tips or story ideas about the border? Reach the reporter at, or follow him on Twitter at @someone.';
    const curated = curateArticle(page('A headline about pills', P1, P2, footer, '© 2023 Border Herald. All rights reserved.', 'Leave a Reply'));
    expect(curated.paragraphs).toEqual([P1, P2]);
    expect(reasonOf(curated.removed, footer)).toBe('footer');
    expect(reasonOf(curated.removed, '© 2023 Border Herald. All rights reserved.')).toBe('footer');
  });

  it('lists every removed line in page order, and removed plus kept lines make up the page', () => {
    const lines = ['Home / News', 'A headline about pills', 'Jo Diaz', 'April 4, 2024', P1, 'Border:Agents seize pills in Nogales', P2, 'One comment'];
    const curated = curateArticle(page(...lines));
    expect(curated.removed.map((entry) => entry.line)).toEqual(lines.filter((line) => line !== P1 && line !== P2));
    expect(curated.removed.length + curated.paragraphs.length).toBe(lines.length);
  });
});

describe('curateArticle: keeps article text', () => {
  it('keeps a sentence with a colon, a quotation, and lines that merely start like chrome', () => {
    const lines = [
      'The report gave one reason: US citizens face less scrutiny at legal crossings.',
      '"The largest number of people arrested with fentanyl are US citizens," said Ebrard.',
      '“We know that precursor chemicals from China are reaching Mexico,” Gupta told Voice of America.',
      'By the end of the year, seizures at the border had doubled.',
      'Photo evidence presented in court showed pills hidden in a spare tire.',
      'Search teams found the tunnel after a two-week operation.',
      'One comment from the ambassador drew a sharp reply from Mexico City.',
      'Home is where the cartels recruit, the report said.',
      'News of the kidnapping spread while officials met in Washington.',
      'Border agents said: "Nothing like this has been seen before."',
    ];
    const curated = curateArticle(page('A headline about pills', ...lines));
    expect(curated.paragraphs).toEqual(lines);
  });

  it('keeps a "By …" sentence right after the title: prose is not a byline', () => {
    const curated = curateArticle(page('A headline about pills', 'By Tuesday, officials had seized 500 pills in Nogales.', P1));
    expect(curated.authors).toEqual([]);
    expect(curated.paragraphs).toEqual(['By Tuesday, officials had seized 500 pills in Nogales.', P1]);
  });

  it('keeps text verbatim: typos, odd quotes and spacing inside the line are not fixed', () => {
    const odd = 'proposing to designate the drug cartels as terroristorganizations, said Andés Manual López Obrador  (AMLO) — “hugs, not bullets”.';
    expect(curateArticle(page('A headline about pills', odd)).paragraphs).toEqual([odd]);
  });

  it('keeps a closing author bio, which is article text, not a footer', () => {
    const bio = 'JANE DOE is a public policy fellow at the Wilson Center and a former U.S. ambassador to Mexico.';
    const curated = curateArticle(page('A headline about pills', 'By JANE DOE, former U.S. ambassador', P1, bio, 'One comment', 'Leave a Reply'));
    expect(curated.paragraphs).toEqual([P1, bio]);
  });

  it('keeps a sentence that mentions an e-mail address; drops a bare contact line closing the page', () => {
    const mention = 'The statement was sent from press@defensa.gob.mx on Friday, the ministry said.';
    const curated = curateArticle(page('A headline about pills', P1, mention, P2, 'Email: tips@borderherald.com'));
    expect(curated.paragraphs).toEqual([P1, mention, P2]);
    expect(reasonOf(curated.removed, 'Email: tips@borderherald.com')).toBe('footer');
  });

  it('keeps a headline with figures and abbreviations as the title', () => {
    const curated = curateArticle(page('Agents seized 1,200, DEA says', P1));
    expect(curated.title).toBe('Agents seized 1,200, DEA says');
    expect(curated.paragraphs).toEqual([P1]);
  });

  it('keeps a footer-like sentence in the middle of the article', () => {
    const quote = 'Residents who saw the shipment were asked to contact the reporter or the sheriff.';
    expect(curateArticle(page('A headline about pills', P1, quote, P2)).paragraphs).toEqual([P1, quote, P2]);
  });
});
