import type { Reply, ReplyButton } from '../shared/reply.ts';

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
      .replace(/(?<!\\)\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 <$2>')
      .replace(/\\([\\*_~`|[\]<])/g, '$1');
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
  const keys = buttonKeys(reply.buttons ?? []);
  const actions = (reply.buttons ?? []).map((button) =>
    button.kind === 'link' ? `${button.label} <${button.url}>` : `[${keyOf(keys, button)}] ${button.label}${button.disabled ? ' (disabled)' : ''}`,
  );
  if (actions.length) lines.push('', `Buttons (type what is in [ ] to press): ${actions.join('  ')}`);
  return lines.join('\n');
}

/**
 * The key that presses each action button at the console, the same on every page: a button
 * about a numbered passage (`Full passage 4`) takes that number, and any other action
 * (`Previous`, `More results`) a letter from its label, so `1` never means "Previous" on one
 * page and "passage 1" on another.
 */
export function buttonKeys(buttons: readonly ReplyButton[]): Map<string, Extract<ReplyButton, { kind: 'action' }>> {
  const keys = new Map<string, Extract<ReplyButton, { kind: 'action' }>>();
  const actions = buttons.filter((button) => button.kind === 'action');
  for (const button of actions) {
    const numbered = /\s(\d+)$/.exec(button.label)?.[1];
    if (numbered && !keys.has(numbered)) keys.set(numbered, button);
  }
  for (const button of actions) {
    if ([...keys.values()].includes(button)) continue;
    const letters = `${button.label.toLowerCase().replace(/[^a-z]/g, '')}abcdefghijklmnopqrstuvwxyz`;
    const letter = [...letters].find((candidate) => !keys.has(candidate));
    if (letter) keys.set(letter, button);
  }
  return keys;
}

function keyOf(keys: Map<string, ReplyButton>, button: ReplyButton): string {
  return [...keys].find(([, candidate]) => candidate === button)?.[0] ?? '?';
}
