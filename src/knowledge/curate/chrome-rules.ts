/**
 * Rules that apply on any line of the page, in every zone: images, photo credits, captions
 * that carry a credit, comment widgets, related-story teasers, language links, search boxes
 * and menu lines. Each rule recognises a whole line; a line a rule is not sure of stays.
 */
import { isMenuLine } from './navigation.ts';
import { wordCount } from './text.ts';
import type { RemovalReason } from './types.ts';

/** A line every zone drops: images, credits, widgets, teasers, search boxes, language links. */
export function anywhereReason(text: string): RemovalReason | null {
  if (isImage(text)) return 'image';
  if (isPhotoCredit(text)) return 'photo-credit';
  if (isCaptionWithCredit(text)) return 'caption';
  if (isComments(text)) return 'comments';
  if (isTeaser(text)) return 'teaser';
  if (isLanguageLink(text)) return 'language-link';
  if (isSearchBox(text)) return 'search-box';
  if (isMenuLine(text)) return 'navigation';
  return null;
}

function isImage(text: string): boolean {
  return (
    /^IMG\b/.test(text) ||
    /^!\[[^\]]*\]\([^)]*\)$/.test(text) ||
    /^\[(image|img|photo|picture|foto)\b[^\]]*\]$/i.test(text) ||
    /^https?:\/\/\S+\.(jpe?g|png|gif|webp|svg|avif)(\?\S*)?$/i.test(text)
  );
}

/** `Photo: The Pulse News Mexico Staff`, `Photo by Jane Roe/Agency`, `Image courtesy of …`: short, no sentence. */
function isPhotoCredit(text: string): boolean {
  if (text.length > 160 || wordCount(text) > 16) return false;
  return (
    /^(photos?|photograph|photography|image|picture|foto|fotos|credit|photo credit|image credit|illustration|graphic)\s*(by|courtesy( of)?|credit)?\s*[:：]\s*\S/i.test(text) ||
    /^\(?(photos?|photograph|image|illustration|foto)\s+(by|courtesy( of)?|credit)\s+\S/i.test(text) && !/[.!?]["”’]?$/.test(text.replace(/\b[A-Z]\.$/, ''))
  );
}

/** A caption that carries its own credit: `Agents inspect a truck in Nogales. (Photo: CBP)`. */
function isCaptionWithCredit(text: string): boolean {
  if (text.length > 400) return false;
  return (
    /^caption\s*:/i.test(text) ||
    /[.!?]["”’]?\s*\((?:[A-Z]{2,6} )?(photo|photograph|image|foto|credit|illustration)\b[^()]{0,80}\)$/i.test(text) ||
    /[.!?]["”’]?\s*(?:\||–|—)?\s*(photo|foto|image|credit)( by)?\s*:\s*[^.]{1,80}$/i.test(text)
  );
}

/** `One comment`, `12 comments`, `Leave a Reply`, `Comments are closed.` */
function isComments(text: string): boolean {
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
function isTeaser(text: string): boolean {
  if (text.length > 250) return false;
  if (/^\p{Lu}[\p{L}'’.-]*(?: \p{L}[\p{L}'’.-]*){0,2}:[\p{Lu}\d“"‘'¿¡]/u.test(text) && !/^\p{L}+:\/\//u.test(text)) {
    const headline = text.slice(text.indexOf(':') + 1);
    return wordCount(headline) >= 3;
  }
  return /^(read more|related|related stories|related story|related articles?|see also|also read|more on this|recommended|more from [\p{L} ]{1,40}|read also|lea también|leia também|leia mais)\s*:\s*\S/iu.test(text) && wordCount(text) <= 30;
}

/** `Leer en español`, `Read in English`, `Versión en español`, `Leia em português`. */
function isLanguageLink(text: string): boolean {
  return /^(?:(?:leer|lea|léalo|read|lire|ler|leia|ver|see|versión|version|this story|this article|también)(?: (?:this|it|the story|the article|this story|this article|la nota|el artículo|available))?(?: (?:en|in|em))|en|in|em) (?:español|espanol|spanish|english|inglés|ingles|français|francais|french|português|portugues|portuguese)\.?$/i.test(
    text,
  );
}

/** `Search for a news:`, `Search …`, `Type to search`. */
function isSearchBox(text: string): boolean {
  if (text.length > 50) return false;
  return /^(search|type to search|type and hit enter|buscar|pesquisar)(\b[\p{L}\s]{0,35})?\s*(:|…|\.\.\.)?$/iu.test(text) && /^(search|type|buscar|pesquisar)/i.test(text) && (/[:…]|\.\.\.$/.test(text) || wordCount(text) <= 2 || /^type /i.test(text));
}
