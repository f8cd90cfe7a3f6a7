/** Discord refuses a link button whose URL is longer than this, and the whole message with it. */
export const MAX_URL_LENGTH = 512;

/**
 * Characters Markdown reads as link syntax or as the end of a URL. They are percent-encoded
 * after the host, where that leaves the address the same for any server (`%28` is `(`).
 */
const MARKDOWN_UNSAFE = /[()[\]<>\s`"']/g;

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * A document's source address, checked once where it enters (front matter, `kb add`):
 * http(s) only, no user name or password (`https://trusted.org@evil.example` reads as the
 * first host), Markdown-safe characters and at most MAX_URL_LENGTH characters. What can be
 * percent-encoded without changing the address is; anything else is refused with a reason.
 */
export function checkDocumentUrl(raw: string): UrlCheck {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'must be a full http(s) address, e.g. https://example.org/article' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'must be an http(s) address' };
  if (url.username || url.password) return { ok: false, message: 'must not contain a user name or password' };
  const encode = (part: string) => part.replace(MARKDOWN_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  // URL has already encoded spaces, quotes and non-ASCII text; what is left to encode are characters it keeps.
  const normalised = `${url.protocol}//${url.host}${encode(url.pathname)}${encode(url.search)}${encode(url.hash)}`;
  if (normalised.length > MAX_URL_LENGTH) return { ok: false, message: `is ${normalised.length} characters long; Discord accepts at most ${MAX_URL_LENGTH}` };
  return { ok: true, url: normalised };
}

/** True for a URL that may go into Markdown and a link button as is. */
export function isSafeUrl(url: string): boolean {
  const checked = checkDocumentUrl(url);
  return checked.ok && checked.url === url;
}
