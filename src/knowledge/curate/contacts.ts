/**
 * Contact lines: e-mail addresses, postal addresses and phone numbers, as a page prints them
 * in its header or footer, and the site's own domain read off its contact address.
 */
import { wordCount } from './text.ts';

const EMAIL = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/;

const WEBMAIL = new Set(['gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'aol', 'icloud', 'me', 'mac', 'proton', 'protonmail', 'pm', 'gmx', 'mail', 'yandex', 'zoho', 'uol', 'bol', 'terra', 'ig', 'prodigy']);

/**
 * A contact line: an e-mail address with at most a label or a postal address around it
 * (`contato@site.org`, `Email: tips@site.org`), not a sentence that mentions an address.
 */
export function isContactLine(text: string): boolean {
  // The length first: EMAIL, unanchored, would be tried from every position of a long line.
  if (text.length > 200 || !EMAIL.test(text)) return false;
  const rest = text.replace(new RegExp(EMAIL.source, 'g'), ' ').trim();
  return wordCount(rest) <= 14 && !/[.!?]["”’]?$/.test(rest);
}

/** The domain of the line's first e-mail address, lower-cased; null without one, or for a webmail address (not the site's own). */
export function contactDomainOf(text: string): string | null {
  const match = EMAIL.exec(text);
  if (!match) return null;
  const domain = match[1]!.toLowerCase();
  const label = domain.split('.')[0]!;
  return WEBMAIL.has(label) ? null : domain;
}

export function isAddressLine(text: string): boolean {
  if (text.length > 200 || /[.!?]$/.test(text)) return false;
  return (
    /^(rua|avenida|av\.|calle|carrera|street|st\.|road|rd\.|suite|p\.?\s?o\.? box|po box)\b/i.test(text) ||
    /\b\d{1,5}\s+[\p{L}.]+(\s+[\p{L}.]+){0,3}\s+(street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|drive|dr\.?|lane|ln\.?|way)\b/iu.test(text) ||
    // `Rua Hygino Muzy Filho, 737, MARÍLIA - SP`: a street, its number, then the town.
    /^[\p{L} .'-]+,\s*\d{1,5}\s*[,–-]/u.test(text)
  );
}

export function isPhoneLine(text: string): boolean {
  return text.length <= 80 && /^(tel|phone|fone|teléfono|telefone|call)?\.?\s*:?\s*\+?[\d\s().-]{9,}$/i.test(text) && /\d{3}/.test(text);
}
