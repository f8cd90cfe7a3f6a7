/** Person names as bylines print them: `Antonio Rocha`, `Jane Roe and John Doe`, `EARL ANTHONY WAYNE`. */

/** Lower-case words a name (or a publication's name) may hold between its capitalised words: `de`, `van`, `bin`. */
export const PARTICLES = new Set(['de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'ten', 'ter', 'y', 'e', 'bin', 'al', 'el', 'ibn', 'st.']);
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
export function normaliseName(name: string): string {
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
