/**
 * Curation of a raw clipped article (a web page saved as text) into clean paragraphs.
 *
 * Only whole lines are ever removed, and only lines that are page chrome: navigation,
 * image lines, photo credits, comment widgets, related-story teasers, bylines, datelines,
 * footers. Every other line is kept exactly as written (typos included): the knowledge
 * base quotes its sources, so curation must not re-type them. When a rule is not sure a
 * line is chrome, the line stays.
 *
 * Metadata (title, authors, date, publisher) is read off the page only where the page
 * states it; anything not stated stays empty, never guessed.
 */

export type RemovalReason =
  | 'navigation'
  | 'image'
  | 'photo-credit'
  | 'caption'
  | 'comments'
  | 'teaser'
  | 'byline'
  | 'title'
  | 'dateline'
  | 'footer'
  | 'language-link'
  | 'search-box';

export interface RemovedLine {
  line: string;
  reason: RemovalReason;
}

export interface CuratedArticle {
  title: string | null;
  authors: string[];
  /** ISO date as far as the page states it: YYYY-MM-DD, YYYY-MM or YYYY; null when no dateline gives a year. */
  published: string | null;
  publisher: string | null;
  /** The article text, one paragraph per non-empty body line, verbatim and in order. */
  paragraphs: string[];
  /** Every line taken out, in page order, with the rule that took it. */
  removed: RemovedLine[];
}

export interface CurateOptions {
  /**
   * Extra whole lines to drop (compared after trimming), for chrome no rule can tell from
   * text by itself, typically a photo caption between two paragraphs. A plain string is
   * dropped as a `caption`.
   */
  dropLines?: ReadonlyArray<string | RemovedLine>;
}

type Phase = 'header' | 'byline' | 'body';

interface Line {
  text: string;
  index: number;
}

/**
 * Curate one raw article. Pure: the same text (and options) always gives the same result.
 *
 * The page is read in three zones: the header (before the title: navigation, logos,
 * section names), the byline block (between the title and the first paragraph: authors,
 * dates, publication, photo credit, language links) and the body (paragraphs, among which
 * images, credits, teasers and widgets are still recognised). Footers are recognised at
 * the end of the body only.
 */
export function curateArticle(raw: string, options: CurateOptions = {}): CuratedArticle {
  const extra = new Map<string, RemovalReason>();
  for (const entry of options.dropLines ?? []) {
    if (typeof entry === 'string') extra.set(entry.trim(), 'caption');
    else extra.set(entry.line.trim(), entry.reason);
  }

  const lines: Line[] = raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((text, index) => ({ text: text.trim(), index }))
    .filter((line) => line.text !== '');

  const removed: { line: Line; reason: RemovalReason }[] = [];
  const body: Line[] = [];
  let title: string | null = null;
  const authors: string[] = [];
  let published: string | null = null;
  let publisher: string | null = null;
  let contactDomain: string | null = null;
  let phase: Phase = 'header';
  let afterAuthor = false;

  const drop = (line: Line, reason: RemovalReason) => removed.push({ line, reason });
  const addAuthors = (names: string[]) => {
    for (const name of names.map(normaliseName)) if (!authors.includes(name)) authors.push(name);
  };
  const setDate = (date: ParsedDate | null) => {
    if (date && published === null && date.iso !== null) published = date.iso;
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const text = line.text;
    const next = lines[i + 1]?.text;

    const anywhere = extra.get(text) ?? anywhereReason(text);
    if (anywhere) {
      drop(line, anywhere);
      continue;
    }

    if (phase === 'header') {
      if (isNavigation(text)) {
        const domain = contactDomainOf(text);
        if (domain && !contactDomain) contactDomain = domain;
        drop(line, 'navigation');
        continue;
      }
      const date = parseDateLine(text);
      if (date) {
        setDate(date);
        drop(line, 'dateline');
        continue;
      }
      if (isPublicationLine(text) && next !== undefined && looksLikeTitle(next) && !isPublicationLine(next) && parseNameList(next) === null) {
        // A masthead above the headline.
        publisher ??= text;
        drop(line, 'navigation');
        continue;
      }
      if (looksLikeTitle(text)) {
        title = text;
        drop(line, 'title');
        phase = 'byline';
        continue;
      }
      phase = 'body';
    }

    if (phase === 'byline') {
      const date = parseDateLine(text);
      if (date) {
        setDate(date);
        drop(line, 'dateline');
        afterAuthor = false;
        continue;
      }
      const pipe = parsePipeByline(text);
      if (pipe) {
        addAuthors(pipe.authors);
        setDate(pipe.date);
        drop(line, 'byline');
        afterAuthor = true;
        continue;
      }
      const by = parseByLine(text);
      if (by) {
        addAuthors(by);
        drop(line, 'byline');
        afterAuthor = true;
        continue;
      }
      if (afterAuthor && isPublicationLine(text)) {
        publisher ??= text;
        drop(line, 'byline');
        afterAuthor = false;
        continue;
      }
      const names = parseNameList(text);
      if (names && next !== undefined && (parseDateLine(next) !== null || isPublicationLine(next) || (parseNameList(next) !== null && isBylineContinuation(lines, i + 1)))) {
        addAuthors(names);
        drop(line, 'byline');
        afterAuthor = true;
        continue;
      }
      if (isSectionName(text)) {
        drop(line, 'navigation');
        continue;
      }
      phase = 'body';
    }

    body.push(line);
  }

  // Footers (tips lines, copyright, "follow the reporter") close the page: strip them from the end only.
  while (body.length > 0 && isFooter(body.at(-1)!.text)) drop(body.pop()!, 'footer');

  if (publisher === null && contactDomain !== null) publisher = publisherFromDomain(contactDomain, lines);

  removed.sort((a, b) => a.line.index - b.line.index);
  return {
    title,
    authors,
    published,
    publisher,
    paragraphs: body.map((line) => line.text),
    removed: removed.map(({ line, reason }) => ({ line: line.text, reason })),
  };
}

// ---------------------------------------------------------------------------
// Rules that apply on any line of the page.

const SECTION_WORDS =
  /^(news|latest|opinion|opinions|analysis|analyses|politics|world|local|national|international|business|economy|sports?|culture|health|science|technology|tech|security|border|immigration|editorial|editorials|features?|blog|blogs|columns?|commentary|mexico|americas|us|u\.s\.|home|nation|region|latin america|breaking news|top stories|world news|latest news|local news)$/i;

const NAV_PHRASES =
  /^(menu|main menu|skip to (main )?content|sign in|log ?in|log ?out|register|subscribe( now)?|follow us|share( this)?( (article|story|page))?|print( this)?( (article|page))?|close|back to top|toggle navigation|advertisement|advertising|ad)$/i;

/** A line every zone drops: images, credits, widgets, teasers, search boxes, language links. */
function anywhereReason(text: string): RemovalReason | null {
  if (isImage(text)) return 'image';
  if (isPhotoCredit(text)) return 'photo-credit';
  if (isCaptionWithCredit(text)) return 'caption';
  if (isComments(text)) return 'comments';
  if (isTeaser(text)) return 'teaser';
  if (isLanguageLink(text)) return 'language-link';
  if (isSearchBox(text)) return 'search-box';
  if (isBreadcrumb(text) || NAV_PHRASES.test(text)) return 'navigation';
  return null;
}

export function isImage(text: string): boolean {
  return (
    /^IMG\b/.test(text) ||
    /^!\[[^\]]*\]\([^)]*\)$/.test(text) ||
    /^\[(image|img|photo|picture|foto)\b[^\]]*\]$/i.test(text) ||
    /^https?:\/\/\S+\.(jpe?g|png|gif|webp|svg|avif)(\?\S*)?$/i.test(text)
  );
}

/** `Photo: The Pulse News Mexico Staff`, `Photo by Jane Roe/Agency`, `Image courtesy of …`: short, no sentence. */
export function isPhotoCredit(text: string): boolean {
  if (text.length > 160 || wordCount(text) > 16) return false;
  return (
    /^(photos?|photograph|photography|image|picture|foto|fotos|credit|photo credit|image credit|illustration|graphic)\s*(by|courtesy( of)?|credit)?\s*[:：]\s*\S/i.test(text) ||
    /^\(?(photos?|photograph|image|illustration|foto)\s+(by|courtesy( of)?|credit)\s+\S/i.test(text) && !/[.!?]["”’]?$/.test(text.replace(/\b[A-Z]\.$/, ''))
  );
}

/** A caption that carries its own credit: `Agents inspect a truck in Nogales. (Photo: CBP)`. */
export function isCaptionWithCredit(text: string): boolean {
  if (text.length > 400) return false;
  return (
    /^caption\s*:/i.test(text) ||
    /[.!?]["”’]?\s*\((?:[A-Z]{2,6} )?(photo|photograph|image|foto|credit|illustration)\b[^()]{0,80}\)$/i.test(text) ||
    /[.!?]["”’]?\s*(?:\||–|—)?\s*(photo|foto|image|credit)( by)?\s*:\s*[^.]{1,80}$/i.test(text)
  );
}

/** `One comment`, `12 comments`, `Leave a Reply`, `Comments are closed.` */
export function isComments(text: string): boolean {
  return (
    /^(no|one|zero|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(comments?|responses?|replies|thoughts?)( on .{1,200})?$/i.test(text) ||
    /^(leave a (reply|comment|response)|post a comment|add (a )?comment|write a comment|comments are closed|comments|show comments|view comments|join the (discussion|conversation)|cancel reply)\.?$/i.test(text)
  );
}

/**
 * A related-story teaser: a section word glued to a headline with no space after the
 * colon (`Border:House Republicans rip Biden…`), or a `Read more:`/`Related:` link.
 * A colon followed by a space is ordinary prose and never matches the first form.
 */
export function isTeaser(text: string): boolean {
  if (text.length > 250) return false;
  if (/^\p{Lu}[\p{L}'’.-]*(?: \p{L}[\p{L}'’.-]*){0,2}:[\p{Lu}\d“"‘'¿¡]/u.test(text) && !/^\p{L}+:\/\//u.test(text)) {
    const headline = text.slice(text.indexOf(':') + 1);
    return wordCount(headline) >= 3;
  }
  return /^(read more|related|related stories|related story|related articles?|see also|also read|more on this|recommended|more from [\p{L} ]{1,40}|read also|lea también|leia também|leia mais)\s*:\s*\S/iu.test(text) && wordCount(text) <= 30;
}

/** `Leer en español`, `Read in English`, `Versión en español`, `Leia em português`. */
export function isLanguageLink(text: string): boolean {
  return /^(?:(?:leer|lea|léalo|read|lire|ler|leia|ver|see|versión|version|this story|this article|también)(?: (?:this|it|the story|the article|this story|this article|la nota|el artículo|available))?(?: (?:en|in|em))|en|in|em) (?:español|espanol|spanish|english|inglés|ingles|français|francais|french|português|portugues|portuguese)\.?$/i.test(
    text,
  );
}

/** `Search for a news:`, `Search …`, `Type to search`. */
export function isSearchBox(text: string): boolean {
  if (text.length > 50) return false;
  return /^(search|type to search|type and hit enter|buscar|pesquisar)(\b[\p{L}\s]{0,35})?\s*(:|…|\.\.\.)?$/iu.test(text) && /^(search|type|buscar|pesquisar)/i.test(text) && (/[:…]|\.\.\.$/.test(text) || wordCount(text) <= 2 || /^type /i.test(text));
}

/** `Home / News`, `Home > World > Americas`, `Inicio » Noticias`. */
export function isBreadcrumb(text: string): boolean {
  return /^(home|inicio|início|accueil|startseite)\s*[/>»›|]\s*[^/>»›|]{1,40}(\s*[/>»›|]\s*[^/>»›|]{1,40}){0,5}$/i.test(text) && !/[.!?]$/.test(text);
}

// ---------------------------------------------------------------------------
// Header zone (before the title).

/** Navigation above the headline: breadcrumbs, contact and address lines, a lone section name. */
function isNavigation(text: string): boolean {
  if (isBreadcrumb(text) || NAV_PHRASES.test(text)) return true;
  if (/^(subscribe|sign up|sign in|log in|newsletter|donate|follow us)\b/i.test(text) && wordCount(text) <= 8 && !/[.]$/.test(text)) return true;
  if (isContactLine(text) || isAddressLine(text) || isPhoneLine(text)) return true;
  if (isSectionName(text)) return true;
  // `World / Americas` style paths without the leading Home: short, and a long line is not
  // split (the split's pattern would be tried from every position of a long white-space run).
  if (text.length > 200) return false;
  const parts = text.split(/\s+[/>»›]\s+/);
  return parts.length >= 2 && parts.every((part) => wordCount(part) <= 3 && !/[.!?,;:]/.test(part)) && !parts.every((part) => parseNameList(part) !== null && wordCount(part) >= 2);
}

/** A lone section name: one word (`News`), or a known two-word one (`World News`). */
function isSectionName(text: string): boolean {
  if (/[.!?,;:"“”]/.test(text) || /\d/.test(text)) return false;
  return SECTION_WORDS.test(text) || (wordCount(text) === 1 && /^\p{Lu}/u.test(text) && text.length <= 24);
}

const EMAIL = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/;

/**
 * A contact line: an e-mail address with at most a label or a postal address around it
 * (`contato@site.org`, `Email: tips@site.org`), not a sentence that mentions an address.
 */
function isContactLine(text: string): boolean {
  // The length first: EMAIL, unanchored, would be tried from every position of a long line.
  if (text.length > 200 || !EMAIL.test(text)) return false;
  const rest = text.replace(new RegExp(EMAIL.source, 'g'), ' ').trim();
  return wordCount(rest) <= 14 && !/[.!?]["”’]?$/.test(rest);
}

function contactDomainOf(text: string): string | null {
  const match = EMAIL.exec(text);
  if (!match) return null;
  const domain = match[1]!.toLowerCase();
  const label = domain.split('.')[0]!;
  return WEBMAIL.has(label) ? null : domain;
}

const WEBMAIL = new Set(['gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'aol', 'icloud', 'me', 'mac', 'proton', 'protonmail', 'pm', 'gmx', 'mail', 'yandex', 'zoho', 'uol', 'bol', 'terra', 'ig', 'prodigy']);

function isAddressLine(text: string): boolean {
  if (text.length > 200 || /[.!?]$/.test(text)) return false;
  return (
    /^(rua|avenida|av\.|calle|carrera|street|st\.|road|rd\.|suite|p\.?\s?o\.? box|po box)\b/i.test(text) ||
    /\b\d{1,5}\s+[\p{L}.]+(\s+[\p{L}.]+){0,3}\s+(street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|drive|dr\.?|lane|ln\.?|way)\b/iu.test(text) ||
    // `Rua Hygino Muzy Filho, 737, MARÍLIA - SP`: a street, its number, then the town.
    /^[\p{L} .'-]+,\s*\d{1,5}\s*[,–-]/u.test(text)
  );
}

function isPhoneLine(text: string): boolean {
  return text.length <= 80 && /^(tel|phone|fone|teléfono|telefone|call)?\.?\s*:?\s*\+?[\d\s().-]{9,}$/i.test(text) && /\d{3}/.test(text);
}

/** A line made of a publication's name: capitalised words with a newspaper-ish word in them. */
function isPublicationLine(text: string): boolean {
  if (text.length > 60 || /[.!?,;:]$/.test(text) || /\d/.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > 6 || !words.every((word) => /^[\p{Lu}\d&]/u.test(word) || PARTICLES.has(word.toLowerCase()))) return false;
  return PUBLICATION_WORD.test(text);
}

const PUBLICATION_WORD =
  /\b(republic|times|post|news|journal|herald|tribune|gazette|observer|observatory|chronicle|press|daily|weekly|review|monitor|magazine|reuters|bloomberg|agency|agencia|agência|wire|dispatch|inquirer|courier|bulletin|independent|guardian|telegraph|standard|examiner|star|sun|today|media|network|radio|television|tv|report|record|register|sentinel|globe|mail|express|insider|universal|jornada|reforma|milenio|excélsior|excelsior|proceso|informador|semanal|diario|periódico|periodico|noticias|notícias|folha|estadão)\b/i;

// ---------------------------------------------------------------------------
// Byline zone (between the title and the first paragraph).

/** The title: the first line past the header chrome that reads like a headline, not a paragraph. */
function looksLikeTitle(text: string): boolean {
  if (text.length > 250 || wordCount(text) < 2) return false;
  // A headline does not end like a sentence or a clause.
  return !/[.,;:]$/.test(text);
}

/** `By EARL ANTHONY WAYNE, former U.S. ambassador to Mexico`, `By Jane Roe and John Doe`. Null when not a byline. */
function parseByLine(text: string): string[] | null {
  const match = /^by\s+(.+)$/i.exec(text);
  if (!match || text.length > 200) return null;
  // A byline is not a sentence: "By Tuesday, officials had seized 500 pills." is prose.
  if (/[.!?]["”’]?$/.test(text) && !/\b\p{Lu}\.$/u.test(text)) return null;
  const segments = match[1]!.split(/\s*,\s*/);
  const authors: string[] = [];
  for (const segment of segments) {
    const names = parseNameList(segment);
    if (!names) break;
    authors.push(...names);
  }
  return authors.length > 0 ? authors : null;
}

/** `A / B / C | 27/08/2023 12:45 | Analyses`: names, a date and a section separated by pipes. */
function parsePipeByline(text: string): { authors: string[]; date: ParsedDate | null } | null {
  if (!text.includes('|')) return null;
  const segments = text.split('|').map((segment) => segment.trim()).filter(Boolean);
  if (segments.length < 2) return null;
  let authors: string[] | null = null;
  let date: ParsedDate | null = null;
  for (const segment of segments) {
    const asDate = parseDateLine(segment);
    if (asDate) {
      date ??= asDate;
      continue;
    }
    const names: string[] | null = authors ? null : parseNameList(segment.replace(/^by\s+/i, ''));
    if (names && (names.length > 1 || segment.includes(' '))) authors = names;
  }
  // Names and a date together make a byline; names alone next to a section word could be a menu.
  return authors && date ? { authors, date } : null;
}

/** True when a run of name lines starting at `from` ends in a date or publication line. */
function isBylineContinuation(lines: Line[], from: number): boolean {
  for (let j = from; j < lines.length && j < from + 4; j += 1) {
    const text = lines[j]!.text;
    if (parseDateLine(text) || isPublicationLine(text)) return true;
    if (!parseNameList(text)) return false;
  }
  return false;
}

const PARTICLES = new Set(['de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'ten', 'ter', 'y', 'e', 'bin', 'al', 'el', 'ibn', 'st.']);
const NOT_NAMES =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|the|a|an|this|that|in|on|at|for|from|with|staff|editor|editors|reporter|reporters|correspondent|contributor|writer|news|home|photo|updated|published|posted)$/i;

/**
 * A list of person names: `Antonio Rocha`, `Jane Roe and John Doe`, `A / B / C`.
 * Each name is 2–5 capitalised words (initials and particles like `de` allowed), no digits.
 */
export function parseNameList(text: string): string[] | null {
  if (text.length > 160 || /\d/.test(text) || /[.!?]$/.test(text.replace(/\b\p{Lu}\.$/u, ''))) return null;
  const parts = text.split(/\s*(?:\/|&|,|\band\b|\by\b|\be\b)\s*/).filter(Boolean);
  if (parts.length === 0) return null;
  for (const part of parts) if (!isPersonName(part)) return null;
  return parts;
}

function isPersonName(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 5 || text.length > 60) return false;
  if (PARTICLES.has(words[0]!.toLowerCase()) && words[0] !== words[0]!.toUpperCase()) return false;
  if (PARTICLES.has(words.at(-1)!.toLowerCase())) return false;
  return words.every((word) => {
    if (PARTICLES.has(word.toLowerCase())) return true;
    if (NOT_NAMES.test(word)) return false;
    return /^\p{Lu}(\.|[\p{L}'’-]*\.?)$/u.test(word);
  });
}

/** `EARL ANTHONY WAYNE` → `Earl Anthony Wayne`; names written in mixed case are kept as written. */
function normaliseName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (/\p{Ll}/u.test(trimmed)) return trimmed;
  return trimmed
    .split(' ')
    .map((word, index) => {
      const lower = word.toLowerCase();
      if (index > 0 && PARTICLES.has(lower)) return lower;
      return lower.replace(/(^|[-'’])(\p{Ll})/gu, (_all, lead: string, letter: string) => lead + letter.toUpperCase());
    })
    .join(' ');
}

// ---------------------------------------------------------------------------
// Dates.

export interface ParsedDate {
  /** As much of the ISO date as the line states (YYYY-MM-DD, YYYY-MM, YYYY), or null without a year. */
  iso: string | null;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, enero: 1, janeiro: 1,
  feb: 2, february: 2, febrero: 2, fevereiro: 2,
  mar: 3, march: 3, marzo: 3, março: 3, marco: 3,
  apr: 4, april: 4, abril: 4,
  may: 5, mayo: 5, maio: 5,
  jun: 6, june: 6, junio: 6, junho: 6,
  jul: 7, july: 7, julio: 7, julho: 7,
  aug: 8, august: 8, agosto: 8,
  sep: 9, sept: 9, september: 9, septiembre: 9, setembro: 9,
  oct: 10, october: 10, octubre: 10, outubro: 10,
  nov: 11, november: 11, noviembre: 11, novembro: 11,
  dec: 12, december: 12, diciembre: 12, dezembro: 12,
};
const MONTH = `(${Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])\\.?`;
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';
const CLOCK = '\\d{1,2}(?:(?::\\d{2}){1,2}(?:\\s*[ap]\\.?m\\.?)?|\\s*[ap]\\.?m\\.?|h\\d{2})';
const TIME = `(?:\\s*(?:,|at|-|–|—)?\\s*${CLOCK}(?:\\s*(?:[A-Z]{2,4}|(?:utc|gmt)[+-]?\\d{0,2}))?)?`;
const PREFIX = '(?:(?:published|updated|posted|last updated|date|publicado|atualizado)\\s*(?:on|:)?\\s*)?';

/**
 * A line that is only a date, in any common form: `March 23, 2023`, `23 March 2023`,
 * `Thursday, March 23`, `2023-03-23`, `27/08/2023 12:45`, `August 2023`, optionally with
 * `Published`/`Updated` and a time. Returns null for any other line.
 */
export function parseDateLine(text: string): ParsedDate | null {
  const line = text.trim();
  if (line.length > 80) return null;
  const full = (body: string) => new RegExp(`^${PREFIX}${WEEKDAY}${body}${TIME}$`, 'iu');
  let m: RegExpExecArray | null;
  if ((m = full(`${MONTH}\\s+(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`).exec(line))) return fromParts(m[3], MONTHS[m[1]!.toLowerCase()], m[2]);
  if ((m = full(`(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:de\\s+)?${MONTH}(?:,?\\s+(?:de\\s+)?(\\d{4}))?`).exec(line))) return fromParts(m[3], MONTHS[m[2]!.toLowerCase()], m[1]);
  if ((m = full(`(\\d{4})-(\\d{2})-(\\d{2})(?:T[\\d:.]+Z?)?`).exec(line))) return fromParts(m[1], Number(m[2]), m[3]);
  if ((m = full(`(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})`).exec(line))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    // 27/08/2023 can only be day/month; 08/05/2023 could be either, so only its year is stated.
    if (a > 12 && b <= 12) return fromParts(m[3], b, m[1]);
    if (b > 12 && a <= 12) return fromParts(m[3], a, m[2]);
    if (a === b) return fromParts(m[3], a, m[1]);
    return fromParts(m[3], undefined, undefined);
  }
  if ((m = full(`${MONTH},?\\s+(\\d{4})`).exec(line))) return fromParts(m[2], MONTHS[m[1]!.toLowerCase()], undefined);
  return null;
}

function fromParts(year: string | undefined, month: number | undefined, day: string | undefined): ParsedDate | null {
  if (month !== undefined && (month < 1 || month > 12)) return null;
  if (year === undefined) {
    // A weekday and a day of the month without a year: a dateline, but it states no year.
    if (day !== undefined && (Number(day) < 1 || Number(day) > 31)) return null;
    return { iso: null };
  }
  if (month === undefined) return { iso: year };
  const mm = String(month).padStart(2, '0');
  if (day === undefined) return { iso: `${year}-${mm}` };
  const iso = `${year}-${mm}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(iso)) return null;
  return { iso };
}

// ---------------------------------------------------------------------------
// Footers (end of the page only).

/** `Have any news tips…? Reach the reporter at…`, `© 2023 …`, `Follow him on Twitter at @…`. */
export function isFooter(text: string): boolean {
  if (text.length > 400) return false;
  return (
    /\b(reach|contact|email|e-mail|write to) the (reporter|writer|author|editor|newsroom)s?\b/i.test(text) ||
    /^(have|got) (any |a )?(news )?(tips?|story ideas?)\b/i.test(text) ||
    /\bfollow (him|her|them|us|the (reporter|author|writer)) on (twitter|x|facebook|instagram|threads|bluesky|linkedin)\b/i.test(text) ||
    /^(©|\(c\)\s|copyright\b)/i.test(text) ||
    /\ball rights reserved\b/i.test(text) ||
    /^(subscribe|sign up)\b.{0,80}\b(newsletter|subscription|today|now)\b/i.test(text) ||
    isContactLine(text)
  );
}

// ---------------------------------------------------------------------------
// Publisher.

/**
 * The site's name from its contact e-mail domain. The domain is what the page states; when
 * the page also spells the name out (`Latino Observatory` for latinoobservatory.org), that
 * spelling is used, else the domain itself.
 */
function publisherFromDomain(domain: string, lines: Line[]): string {
  const label = domain.split('.')[0]!.replace(/[^a-z0-9]/g, '');
  for (const { text } of lines) {
    const words = text.split(/\s+/);
    for (let start = 0; start < words.length; start += 1) {
      let joined = '';
      for (let end = start; end < words.length && end < start + 5; end += 1) {
        const word = words[end]!.replace(/[^\p{L}\d]/gu, '');
        if (!/^\p{Lu}/u.test(word)) break;
        joined += word.toLowerCase();
        if (joined === label && end > start) return words.slice(start, end + 1).join(' ').replace(/[^\p{L}\d]+$/u, '');
        if (!label.startsWith(joined)) break;
      }
    }
  }
  return domain;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
