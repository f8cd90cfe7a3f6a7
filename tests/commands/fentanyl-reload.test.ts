import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createFentanylCommand } from '../../src/commands/fentanyl.ts';
import { CommandRegistry } from '../../src/commands/registry.ts';
import type { Reply } from '../../src/shared/reply.ts';
import type { Invoker } from '../../src/commands/types.ts';
import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { corpus, doc, realAliases } from '../fixtures.ts';

/**
 * Buttons pressed after a knowledge-base reload: the library swaps its index between
 * the search and the press, as `/kb reload` does.
 */

const noteTexts = Array.from({ length: 7 }, (_, i) => `Note ${i + 1}: inspectors in Nogales counted ${i + 2} trucks crossing at dawn.`);
const notes = doc('nogales-notes', noteTexts);
/** Ranks above every note for "Nogales" once added. */
const guide = doc('nogales-guide', ['Nogales. The Nogales crossing: a guide to Nogales.', 'Nogales again.']);

const alice: Invoker = { userId: '1', userName: 'alice', guildId: 'g', channelId: 'c', permissions: 0n, roleIds: [] };

function setup(documents: KnowledgeDocument[]) {
  const library = { index: SearchIndex.build(documents, realAliases) };
  const registry = new CommandRegistry([createFentanylCommand({ library, cooldownSeconds: 0 })], pino({ level: 'silent' }));
  return {
    registry,
    reload: (next: KnowledgeDocument[]) => {
      library.index = SearchIndex.build(next, realAliases);
    },
  };
}

const actionIds = (reply: Reply) => Object.fromEntries((reply.buttons ?? []).flatMap((b) => (b.kind === 'action' ? [[b.label, b.customId]] : [])));
/** The ranks a page lists, in order. */
const ranksOf = (reply: Reply) => [...(reply.cards?.[0]?.description ?? '').matchAll(/^\*\*(\d+)\.\*\*/gm)].map((match) => Number(match[1]));
const passageOf = (reply: Reply) => reply.cards?.[0]?.footer?.replace(/^Passage /, '');

describe('/fentanyl buttons after a knowledge-base reload', () => {
  it('"Full passage N" shows the passage listed at N, by id, though the reload ranks another passage first', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    expect(first.cards![0]!.description).toContain('Note 1:');
    reload([...corpus, notes, guide]);
    expect(passageOf(await registry.press(alice, actionIds(first)['Full passage 1']!))).toBe('nogales-notes#1');
    expect(passageOf(await registry.press(alice, actionIds(first)['Full passage 3']!))).toBe('nogales-notes#3');
  });

  it('"Full passage N" says the knowledge base was reloaded when its document was removed, never showing another one', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    reload(corpus);
    const full = await registry.press(alice, actionIds(first)['Full passage 1']!);
    expect(full).toEqual({ ephemeral: true, content: 'That passage is no longer in the knowledge base (it was reloaded). Run `/fentanyl` again.' });
  });

  it('"Full passage N" refuses a passage whose text changed under the same id', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    // The first note was deleted: `nogales-notes#1` now holds what was note 2.
    reload([...corpus, doc('nogales-notes', noteTexts.slice(1))]);
    const full = await registry.press(alice, actionIds(first)['Full passage 1']!);
    expect(full.content).toMatch(/^That passage changed when the knowledge base was reloaded/);
    expect(full.cards).toBeUndefined();
  });

  it('"Full passage N" still works after a reload that changed nothing', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    reload([...corpus, notes]);
    const full = await registry.press(alice, actionIds(first)['Full passage 2']!);
    expect(passageOf(full)).toBe('nogales-notes#2');
    expect(full.cards![0]!.description).toContain(noteTexts[1]);
  });

  it('"More results" after a reload that re-ranked the results starts again from the top and says so, instead of mixing lists', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    reload([...corpus, notes, guide]);
    const next = await registry.press(alice, actionIds(first)['More results']!);
    expect(next.update).toBe(true);
    const card = next.cards![0]!;
    expect(card.description).toMatch(/^\*The knowledge base was reloaded since this search and its results changed/);
    expect(ranksOf(next)).toEqual([1, 2, 3]);
    expect(card.footer).toMatch(/^10 passages matched in 3 documents · showing 1–3$/);
    expect(actionIds(next)['Previous']).toBeUndefined();
    // The buttons of the new page act on what it shows.
    expect(passageOf(await registry.press(alice, actionIds(next)['Full passage 1']!))).toBe('nogales-guide#1');
    const page2 = await registry.press(alice, actionIds(next)['More results']!);
    expect(ranksOf(page2)).toEqual([4, 5, 6]);
    expect(page2.cards![0]!.description).not.toMatch(/reloaded/);
    expect(passageOf(await registry.press(alice, actionIds(page2)['Full passage 4']!))).toBe('nogales-notes#2');
  });

  it('"More results" after a reload that kept what was shown pages on as before', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    reload([...corpus, notes]);
    const next = await registry.press(alice, actionIds(first)['More results']!);
    expect(ranksOf(next)).toEqual([4, 5, 6]);
    expect(next.cards![0]!.description).not.toMatch(/reloaded/);
    expect(next.cards![0]!.footer).toMatch(/showing 4–6$/);
    const back = await registry.press(alice, actionIds(next)['Previous']!);
    expect(ranksOf(back)).toEqual([1, 2, 3]);
    expect(passageOf(await registry.press(alice, actionIds(next)['Full passage 4']!))).toBe('nogales-notes#4');
  });

  it('"More results" says so when the reload left nothing for the search', async () => {
    const { registry, reload } = setup([...corpus, notes]);
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    reload(corpus.filter((document) => document.id !== 'border-seizures'));
    const next = await registry.press(alice, actionIds(first)['More results']!);
    expect(next).toEqual({ ephemeral: true, content: 'The knowledge base was reloaded and no longer has anything for this search. Run `/fentanyl` again.' });
  });
});
