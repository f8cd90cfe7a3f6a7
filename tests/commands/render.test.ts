import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/shared/reply.ts';
import { truncate } from '../../src/commands/truncate.ts';
import { toText } from '../../src/console/render.ts';
import { toDiscordMessage } from '../../src/discord/render.ts';

const sentence = 'The **Sinaloa** cartel moved fentanyl across the border at Nogales. ';

describe('Discord rendering', () => {
  it('keeps every message within Discord limits, however long the answer', () => {
    const reply: Reply = {
      content: 'x'.repeat(2500),
      cards: Array.from({ length: 12 }, (_, i) => ({
        title: `Card ${i} `.repeat(60),
        description: sentence.repeat(100),
        fields: Array.from({ length: 30 }, (_, j) => ({ name: `Field ${j} `.repeat(40), value: sentence.repeat(30) })),
        footer: 'f'.repeat(3000),
      })),
    };
    const message = toDiscordMessage(reply);
    expect(message.content!.length).toBeLessThanOrEqual(2000);
    expect(message.embeds.length).toBeLessThanOrEqual(10);
    let total = 0;
    for (const embed of message.embeds) {
      expect(embed.title!.length).toBeLessThanOrEqual(256);
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      expect(embed.footer!.text.length).toBeLessThanOrEqual(2048);
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const field of embed.fields ?? []) {
        expect(field.name.length).toBeLessThanOrEqual(256);
        expect(field.value.length).toBeLessThanOrEqual(1024);
        total += field.name.length + field.value.length;
      }
      total += embed.title!.length + embed.description!.length + embed.footer!.text.length;
    }
    expect(total).toBeLessThanOrEqual(6000);
  });

  it('never lets quoted text ping anyone and marks private answers ephemeral', () => {
    const message = toDiscordMessage({ content: '@everyone <@123456789012345678>', ephemeral: true });
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(message.flags).toBe(64);
    expect(toDiscordMessage({ content: 'public' }).flags).toBeUndefined();
  });

  it('lays buttons out in rows of five with link and action styles', () => {
    const message = toDiscordMessage({
      buttons: [
        ...Array.from({ length: 6 }, (_, i) => ({ kind: 'action' as const, customId: `fentanyl:page:abc:${i}`, label: `B${i}` })),
        { kind: 'link', url: 'https://example.org/a', label: 'Source' },
      ],
    });
    expect(message.components.map((row) => row.components.length)).toEqual([5, 2]);
    expect(message.components[1]!.components[1]).toMatchObject({ style: 5, url: 'https://example.org/a' });
  });
});

describe('truncate', () => {
  it('cuts at a sentence or word boundary and marks the cut', () => {
    const cut = truncate(sentence.repeat(10), 150);
    expect(cut.length).toBeLessThanOrEqual(150);
    expect(cut.endsWith('Nogales.…')).toBe(true);
    expect(truncate('short', 10)).toBe('short');
  });

  it('never cuts an emoji in half', () => {
    // No space to cut at: the cut falls where the room ends, which is inside an emoji for one of the two.
    for (const text of ['🚚'.repeat(300), `x${'🚚'.repeat(300)}`]) {
      const cut = truncate(text, 256);
      expect(cut.length).toBeLessThanOrEqual(256);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('never leaves a bold run open', () => {
    const cut = truncate('Start **a very long bold run that goes on and on and on**', 30);
    expect((cut.match(/\*\*/g) ?? []).length % 2).toBe(0);
  });
});

describe('console rendering', () => {
  it('prints the same answer as text, with buttons keyed', () => {
    const text = toText({
      ephemeral: true,
      cards: [{ title: 'Title', description: '**1.** The \\*real\\* **Sinaloa** cartel.\n*Doc*, Publisher, 23 Mar 2023, ¶4', footer: '3 passages' }],
      buttons: [{ kind: 'action', customId: 'x', label: 'More results' }],
    });
    expect(text).toContain('(only you can see this)');
    expect(text).toContain('1. The *real* Sinaloa cartel.');
    expect(text).toContain('Doc, Publisher, 23 Mar 2023, ¶4');
    expect(text).toContain('[m] More results');
  });

  it('prints a query shown back with its link and mention marks escaped as the person typed it', () => {
    expect(toText({ content: 'Nothing covers “\\[click\\](https://evil.example) \\<@1> \\*x\\*”.' })).toBe('Nothing covers “[click](https://evil.example) <@1> *x*”.');
  });

  it('keys a passage button by its number and an action by a letter, whatever the page', () => {
    const page = (buttons: string[]) => toText({ buttons: buttons.map((label) => ({ kind: 'action' as const, customId: label, label })) });
    expect(page(['More results', 'Full passage 1', 'Full passage 2'])).toContain('[m] More results  [1] Full passage 1  [2] Full passage 2');
    expect(page(['Previous', 'More results', 'Full passage 4'])).toContain('[p] Previous  [m] More results  [4] Full passage 4');
    expect(page(['Previous', 'Next'])).toContain('[p] Previous  [n] Next');
    // Two labels with the same first letter still get distinct keys.
    expect(page(['More', 'Mark'])).toMatch(/\[m\] More {2}\[a\] Mark/);
  });
});
