import type { Reply } from '../commands/reply.ts';

/**
 * A Reply as terminal text. Markdown bold and escapes are kept readable: `**word**`
 * becomes the terminal's bold when it is a TTY, and plain otherwise (pipes, tests).
 */
export function toText(reply: Reply, options: { color?: boolean } = {}): string {
  const bold = (text: string) => (options.color ? `\x1b[1m${text}\x1b[22m` : text);
  const inline = (text: string) =>
    text
      .replace(/(?<!\\)\*\*(.+?)(?<!\\)\*\*/gs, (_match, inner: string) => bold(inner))
      .replace(/(?<![\\*])\*([^*\n]+)\*(?!\*)/g, '$1')
      .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 <$2>')
      .replace(/\\([\\*_~`|])/g, '$1');
  const lines: string[] = [];
  if (reply.ephemeral) lines.push('(only you can see this)');
  if (reply.content) lines.push(inline(reply.content));
  for (const card of reply.cards ?? []) {
    if (lines.length) lines.push('');
    if (card.title) lines.push(bold(inline(card.title)) + (card.url ? ` <${card.url}>` : ''));
    if (card.description) lines.push(inline(card.description));
    for (const field of card.fields ?? []) {
      lines.push('', bold(inline(field.name)), inline(field.value));
    }
    if (card.footer) lines.push('', `— ${inline(card.footer)}`);
  }
  const actions = (reply.buttons ?? []).map((button, index) =>
    button.kind === 'link' ? `${button.label} <${button.url}>` : `[${index + 1}] ${button.label}${button.disabled ? ' (disabled)' : ''}`,
  );
  if (actions.length) lines.push('', `Buttons (type the number to press): ${actions.join('  ')}`);
  return lines.join('\n');
}
