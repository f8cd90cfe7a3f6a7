import pino from 'pino';
import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from '../../src/commands/registry.ts';
import type { Reply } from '../../src/shared/reply.ts';
import { createSourcesCommand, SOURCES_PAGE_SIZE } from '../../src/commands/sources.ts';
import type { Invoker } from '../../src/commands/types.ts';
import { toDiscordMessage } from '../../src/discord/render.ts';
import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { doc } from '../fixtures.ts';

const alice: Invoker = { userId: '111111111111111111', userName: 'alice', guildId: 'g', channelId: 'c', permissions: 0n, roleIds: [] };
const bob: Invoker = { ...alice, userId: '222222222222222222', userName: 'bob' };

/** Documents with the metadata a real article has: a long title, a publisher, authors, a URL, two topics. */
const typical = (count: number, prefix = 'article') =>
  Array.from({ length: count }, (_, i) =>
    doc(`${prefix}-${String(i + 1).padStart(2, '0')}-on-fentanyl-trafficking`, [`Paragraph one of document ${i + 1}.`, `Paragraph two of document ${i + 1}.`], {
      title: `Fentanyl trafficking across the US–Mexico border, part ${i + 1}: what the seizure data show`,
      publisher: 'Wilson Center Mexico Institute',
      authors: ['Jane Doe', 'Juan Pérez'],
      url: `https://www.example.org/analysis/2023/fentanyl-trafficking-us-mexico-border-part-${i + 1}`,
      topics: ['fentanyl seizures', 'us-mexico relations'],
    }),
  );

/** Every piece of metadata as long as the schema lets it be. */
const worstCase = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    doc(`${'w'.repeat(75)}-${String(i + 1).padStart(3, '0')}x`, ['A paragraph.'], {
      title: `T${i} `.repeat(100).slice(0, 300),
      publisher: '*_Publisher_* '.repeat(60),
      authors: Array.from({ length: 30 }, (_, j) => `Author_${j} *Name*`),
      url: `https://example.org/${'segment/'.repeat(300)}`,
      topics: Array.from({ length: 30 }, (_, j) => `topic number ${j}`),
    }),
  );

function setup(documents: KnowledgeDocument[]) {
  const library = { index: SearchIndex.build(documents) };
  const registry = new CommandRegistry([createSourcesCommand(library)], pino({ level: 'silent' }));
  return {
    registry,
    reload: (next: KnowledgeDocument[]) => {
      library.index = SearchIndex.build(next);
    },
  };
}

const buttonIds = (reply: Reply) => Object.fromEntries((reply.buttons ?? []).flatMap((b) => (b.kind === 'action' ? [[b.label, b.customId]] : [])));

const embedTotal = (embeds: APIEmbed[]) =>
  embeds.reduce(
    (sum, embed) =>
      sum +
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.fields ?? []).reduce((fields, field) => fields + field.name.length + field.value.length, 0),
    0,
  );

/**
 * Render a page as Discord gets it, check it is within Discord's limits with nothing cut
 * by the renderer, that its "lists a–b; n more" text is what it shows, and return the
 * document ids it shows.
 */
function checkPage(reply: Reply, documentCount: number): string[] {
  const card = reply.cards![0]!;
  const message = toDiscordMessage(reply);
  expect(message.embeds).toHaveLength(1);
  const embed = message.embeds[0]!;
  expect(embedTotal(message.embeds)).toBeLessThanOrEqual(6000);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
  // The renderer had nothing to cut: what the command wrote is what Discord shows.
  expect(embed.description).toBe(card.description);
  expect(embed.footer?.text).toBe(card.footer);
  expect(embed.fields ?? []).toEqual((card.fields ?? []).map((field) => ({ ...field, inline: false })));

  const fields = embed.fields ?? [];
  const listed = /This page lists (\d+)–(\d+)(?:; (\d+) more on the next pages?)?\./.exec(embed.description ?? '');
  if (documentCount <= SOURCES_PAGE_SIZE) {
    expect(listed).toBeNull();
    expect(embed.description).toMatch(documentCount === 1 ? /It is listed below\./ : new RegExp(`All ${documentCount} are listed below\\.`));
    expect(fields).toHaveLength(documentCount);
  } else {
    expect(listed).not.toBeNull();
    const [from, to, more] = [Number(listed![1]), Number(listed![2]), Number(listed![3] ?? 0)];
    expect(fields.map((field) => Number(/^(\d+)\. /.exec(field.name)?.[1]))).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    expect(more).toBe(documentCount - to);
  }
  expect(embed.description).toMatch(new RegExp(`^(\\*.*\\*\\n)?${documentCount} documents?, `));
  return fields.map((field) => /id `([^`]+)`$/.exec(field.value)![1]!);
}

/** Press Next until there is none: every page checked, the ids shown in order. */
async function walk(registry: CommandRegistry, first: Reply, documentCount: number): Promise<{ ids: string[]; pages: Reply[] }> {
  const pages = [first];
  const ids = checkPage(first, documentCount);
  let page = first;
  while (buttonIds(page)['Next']) {
    const next = await registry.press(alice, buttonIds(page)['Next']!);
    expect(next.update).toBe(true);
    page = next;
    ids.push(...checkPage(page, documentCount));
    pages.push(page);
  }
  return { ids, pages };
}

describe('/sources', () => {
  it('lists 30+ documents a page at a time within Discord’s 6000-character total, saying truly what is listed, and every document is reachable', async () => {
    const documents = typical(37);
    const { registry } = setup(documents);
    const first = await registry.execute('sources', alice, {});
    expect(first.cards![0]!.description).toMatch(/^37 documents, 74 passages\. This page lists 1–8; 29 more on the next pages\.$/);
    expect(first.cards![0]!.footer).toMatch(/^Page 1 of 5 · /);
    expect(buttonIds(first)['Previous']).toBeUndefined();
    const { ids, pages } = await walk(registry, first, documents.length);
    expect(ids).toEqual(documents.map((document) => document.id));
    expect(pages).toHaveLength(Math.ceil(37 / SOURCES_PAGE_SIZE));
    const last = pages.at(-1)!;
    expect(last.cards![0]!.description).toMatch(/This page lists 33–37\.$/);
    // And back again.
    const back = await registry.press(alice, buttonIds(last)['Previous']!);
    expect(checkPage(back, documents.length)).toEqual(documents.slice(24, 32).map((document) => document.id));
  });

  it('fits by construction: a page of documents whose every piece of metadata is as long as allowed stays within the limits', async () => {
    const documents = worstCase(3 * SOURCES_PAGE_SIZE + 1);
    const { registry } = setup(documents);
    const first = await registry.execute('sources', alice, {});
    const { ids } = await walk(registry, first, documents.length);
    expect(ids).toEqual(documents.map((document) => document.id));
    // A URL too long to show whole is not turned into a broken link.
    expect(first.cards![0]!.fields![0]!.value).toMatch(/^Link: `https:\/\/example\.org\/segment\/.*…` \(cut short\)$/m);
  });

  it('shows unknown metadata as unknown and lists a small knowledge base on one page, with no buttons', async () => {
    const documents = [doc('unknown-origin', ['Text.'], { publisher: null, published: null, authors: [], url: null, topics: [] }), ...typical(2)];
    const { registry } = setup(documents);
    const reply = await registry.execute('sources', alice, {});
    checkPage(reply, documents.length);
    expect(reply.buttons).toEqual([]);
    expect(reply.cards![0]!.description).toBe('3 documents, 5 passages. All 3 are listed below.');
    expect(reply.cards![0]!.fields![0]).toEqual({
      name: '1. Title of unknown-origin',
      value: 'Publisher: not stated\nAuthors: not stated\nPublished: not stated\nTopics: —\n1 passage · id `unknown-origin`',
    });
    expect(reply.cards![0]!.fields![1]!.value).toContain('Link: https://www.example.org/analysis/2023/fentanyl-trafficking-us-mexico-border-part-1');
  });

  it('pages for the requester only', async () => {
    const { registry } = setup(typical(20));
    const first = await registry.execute('sources', alice, {});
    const refused = await registry.press(bob, buttonIds(first)['Next']!);
    expect(refused).toMatchObject({ ephemeral: true, content: expect.stringMatching(/belong to the person who ran `\/sources`/) });
    expect(refused.cards).toBeUndefined();
  });

  it('after a reload that changed the documents, starts the list again from the top and says so rather than page a different list', async () => {
    const { registry, reload } = setup(typical(20));
    const first = await registry.execute('sources', alice, {});
    reload([...typical(5, 'added'), ...typical(20)]);
    const next = await registry.press(alice, buttonIds(first)['Next']!);
    expect(next.update).toBe(true);
    expect(next.cards![0]!.description).toMatch(/^\*The knowledge base was reloaded since this list was shown: this is the current list, from the start\.\*\n25 documents/);
    expect(checkPage(next, 25)[0]).toBe('added-01-on-fentanyl-trafficking');
    // Its own buttons page the new list as usual.
    const page2 = await registry.press(alice, buttonIds(next)['Next']!);
    expect(page2.cards![0]!.description).not.toMatch(/reloaded/);
    expect(page2.cards![0]!.description).toMatch(/This page lists 9–16;/);
  });

  it('after a reload that kept the same documents, pages on', async () => {
    const { registry, reload } = setup(typical(20));
    const first = await registry.execute('sources', alice, {});
    reload(typical(20));
    const next = await registry.press(alice, buttonIds(first)['Next']!);
    expect(next.cards![0]!.description).toMatch(/^20 documents, 40 passages\. This page lists 9–16; 4 more on the next page\.$/);
  });
});
