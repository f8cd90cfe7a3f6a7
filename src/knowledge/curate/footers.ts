/** Footers: the lines that close a page (tips lines, copyright, "follow the reporter"), recognised at the end of the body only. */
import { isContactLine } from './contacts.ts';

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
