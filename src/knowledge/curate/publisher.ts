/** The publisher: a masthead line that names the publication, or the site named by its contact e-mail domain. */
import { PARTICLES } from './names.ts';
import type { Line } from './types.ts';

const PUBLICATION_WORD =
  /\b(republic|times|post|news|journal|herald|tribune|gazette|observer|observatory|chronicle|press|daily|weekly|review|monitor|magazine|reuters|bloomberg|agency|agencia|agência|wire|dispatch|inquirer|courier|bulletin|independent|guardian|telegraph|standard|examiner|star|sun|today|media|network|radio|television|tv|report|record|register|sentinel|globe|mail|express|insider|universal|jornada|reforma|milenio|excélsior|excelsior|proceso|informador|semanal|diario|periódico|periodico|noticias|notícias|folha|estadão)\b/i;

/** A line made of a publication's name: capitalised words with a newspaper-ish word in them. */
export function isPublicationLine(text: string): boolean {
  if (text.length > 60 || /[.!?,;:]$/.test(text) || /\d/.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > 6 || !words.every((word) => /^[\p{Lu}\d&]/u.test(word) || PARTICLES.has(word.toLowerCase()))) return false;
  return PUBLICATION_WORD.test(text);
}

/**
 * The site's name from its contact e-mail domain. The domain is what the page states; when
 * the page also spells the name out (`Latino Observatory` for latinoobservatory.org), that
 * spelling is used, else the domain itself.
 */
export function publisherFromDomain(domain: string, lines: Line[]): string {
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
