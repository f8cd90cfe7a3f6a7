/**
 * Cut text to at most `max` characters, at a sentence end if one is near, else at a
 * word boundary, and mark the cut with "…". Bold marks are kept balanced so a cut never
 * leaves the rest of a message in bold.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 1);
  const head = text.slice(0, room);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'), head.lastIndexOf('? '), head.lastIndexOf('! '));
  const wordEnd = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
  let cut = room;
  if (sentenceEnd >= room * 0.6) cut = sentenceEnd + 1;
  else if (wordEnd >= room * 0.5) cut = wordEnd;
  // A cut between the two halves of an emoji (any character outside the BMP) leaves half of one, which is not text.
  let out = head.slice(0, cut).replace(/[\uD800-\uDBFF]$/, '').trimEnd();
  // An odd number of unescaped ** means a bold run was cut open: drop its opening mark.
  const marks = [...out.matchAll(/(?<!\\)\*\*/g)];
  if (marks.length % 2 === 1) {
    const last = marks[marks.length - 1]!;
    out = out.slice(0, last.index) + out.slice(last.index + 2);
  }
  // A trailing lone backslash would escape the ellipsis.
  out = out.replace(/\\+$/, '');
  return `${out}…`;
}
