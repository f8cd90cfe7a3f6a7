/**
 * Navigation lines: menus and breadcrumbs (dropped in every zone) and, above the headline,
 * section names, contact and address lines and short `World / Americas` paths.
 */
import { isAddressLine, isContactLine, isPhoneLine } from './contacts.ts';
import { parseNameList } from './names.ts';
import { wordCount } from './text.ts';

const SECTION_WORDS =
  /^(news|latest|opinion|opinions|analysis|analyses|politics|world|local|national|international|business|economy|sports?|culture|health|science|technology|tech|security|border|immigration|editorial|editorials|features?|blog|blogs|columns?|commentary|mexico|americas|us|u\.s\.|home|nation|region|latin america|breaking news|top stories|world news|latest news|local news)$/i;

const NAV_PHRASES =
  /^(menu|main menu|skip to (main )?content|sign in|log ?in|log ?out|register|subscribe( now)?|follow us|share( this)?( (article|story|page))?|print( this)?( (article|page))?|close|back to top|toggle navigation|advertisement|advertising|ad)$/i;

/** A menu line, wherever it stands: a breadcrumb or a lone menu phrase (`Skip to content`, `Share this`). */
export function isMenuLine(text: string): boolean {
  return isBreadcrumb(text) || NAV_PHRASES.test(text);
}

/** `Home / News`, `Home > World > Americas`, `Inicio » Noticias`. */
function isBreadcrumb(text: string): boolean {
  return /^(home|inicio|início|accueil|startseite)\s*[/>»›|]\s*[^/>»›|]{1,40}(\s*[/>»›|]\s*[^/>»›|]{1,40}){0,5}$/i.test(text) && !/[.!?]$/.test(text);
}

/** Navigation above the headline: breadcrumbs, contact and address lines, a lone section name. */
export function isNavigation(text: string): boolean {
  if (isMenuLine(text)) return true;
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
export function isSectionName(text: string): boolean {
  if (/[.!?,;:"“”]/.test(text) || /\d/.test(text)) return false;
  return SECTION_WORDS.test(text) || (wordCount(text) === 1 && /^\p{Lu}/u.test(text) && text.length <= 24);
}
