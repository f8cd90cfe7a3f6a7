import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createFentanylCommand } from '../../src/commands/fentanyl.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { CommandRegistry } from '../../src/commands/registry.ts';
import { NO_OPTIONS, type Command, type Invoker } from '../../src/commands/types.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { corpus, doc, realAliases } from '../fixtures.ts';

// Enough passages on one subject to need a second page.
const notes = doc('nogales-notes', Array.from({ length: 7 }, (_, i) => `Note ${i + 1}: inspectors in Nogales counted ${i + 2} trucks crossing at dawn.`));

const alice: Invoker = { userId: '1', userName: 'alice', guildId: 'g', channelId: 'c', permissions: 0n, roleIds: [] };
const bob: Invoker = { ...alice, userId: '2', userName: 'bob' };

function setup(cooldownSeconds = 0) {
  let now = 1_000_000;
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  const library = { index: SearchIndex.build([...corpus, notes], realAliases) };
  const fentanyl = createFentanylCommand({ library, cooldownSeconds, now: () => now });
  const broken: Command = { definition: { name: 'broken', description: 'd' }, options: NO_OPTIONS, run: async () => Promise.reject(new Error('disk on fire')) };
  const registry = new CommandRegistry([fentanyl, broken], logger);
  return { registry, lines, advance: (ms: number) => (now += ms) };
}

const actionIds = (reply: { buttons?: { kind: string; customId?: string; label: string }[] }) =>
  Object.fromEntries((reply.buttons ?? []).filter((b) => b.kind === 'action').map((b) => [b.label, b.customId!]));

describe('/fentanyl', () => {
  it('answers with numbered, cited snippets and a footer with counts', async () => {
    const { registry } = setup();
    const reply = await registry.execute('fentanyl', alice, { query: 'Mariposa port' });
    const card = reply.cards![0]!;
    expect(reply.ephemeral).toBe(false);
    expect(card.description).toMatch(/^\*\*1\.\*\* .*\*\*Mariposa port\*\*/);
    expect(card.description).toContain('*Title of border-seizures*, Test Gazette, 23 Mar 2023, ¶2');
    expect(card.footer).toMatch(/^\d+ passages? matched in \d+ documents? · showing 1–\d/);
  });

  it('says in one line which words no passage mentions when it answers only part of the query', async () => {
    const knowledge = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
    const library = { index: SearchIndex.build(knowledge.documents, knowledge.aliases) };
    const registry = new CommandRegistry([createFentanylCommand({ library, cooldownSeconds: 0, now: () => 0 })], pino({ level: 'silent' }));
    // No passage, glossary or search term has `drone` or `footage`.
    const reply = await registry.execute('fentanyl', alice, { query: 'Mariposa port drone footage' });
    expect(reply.cards![0]!.description).toMatch(/^No passage mentions \*drone\*, \*footage\*; results for \*mariposa\*, \*port\*\.\n\n\*\*1\.\*\* /);
    const whole = await registry.execute('fentanyl', alice, { query: 'Gertz Manero' });
    expect(whole.cards![0]!.description).not.toContain('No passage mentions');
  });

  it('names the place no passage mentions when it refuses a question about it', async () => {
    const knowledge = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
    const library = { index: SearchIndex.build(knowledge.documents, knowledge.aliases) };
    const registry = new CommandRegistry([createFentanylCommand({ library, cooldownSeconds: 0, now: () => 0 })], pino({ level: 'silent' }));
    const reply = await registry.execute('fentanyl', alice, { query: 'precursor chemicals shipped from India' });
    expect(reply.content).toMatch(/^Nothing in the knowledge base covers “precursor chemicals shipped from India”\.\nNo passage mentions \*india\*\./);
  });

  it('says which year no passage on the question gives when it refuses a question about one', async () => {
    const knowledge = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
    const library = { index: SearchIndex.build(knowledge.documents, knowledge.aliases) };
    const registry = new CommandRegistry([createFentanylCommand({ library, cooldownSeconds: 0, now: () => 0 })], pino({ level: 'silent' }));
    const reply = await registry.execute('fentanyl', alice, { query: 'fentanyl seizures 2024' });
    expect(reply.content).toMatch(/^Nothing in the knowledge base covers “fentanyl seizures 2024”\.\nNo passage on this says \*2024\*: the articles may not cover that year\.\nTopics it covers: `fentanyl seizures`/);
  });

  it('says the passages on the question give no figure, when it refuses a `how many` for that reason', async () => {
    const knowledge = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
    const library = { index: SearchIndex.build(knowledge.documents, knowledge.aliases) };
    const registry = new CommandRegistry([createFentanylCommand({ library, cooldownSeconds: 0, now: () => 0 })], pino({ level: 'silent' }));
    const reply = await registry.execute('fentanyl', alice, { query: 'How many DEA agents are stationed in Mexico?' });
    expect(reply.content).toMatch(/^Nothing in the knowledge base covers “How many DEA agents are stationed in Mexico\?”\.\nThe passages that share its words give no figure for it\./);
    const unrelated = await registry.execute('fentanyl', alice, { query: 'how many goals did Messi score' });
    expect(unrelated.content).not.toContain('give no figure');
  });

  it('says the passages on a `who…?` question do not say what was done, when it refuses it for that reason', async () => {
    const knowledge = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
    const library = { index: SearchIndex.build(knowledge.documents, knowledge.aliases) };
    const registry = new CommandRegistry([createFentanylCommand({ library, cooldownSeconds: 0, now: () => 0 })], pino({ level: 'silent' }));
    const reply = await registry.execute('fentanyl', alice, { query: 'who replaced Anne Milgram as DEA administrator?' });
    expect(reply.content).toMatch(/^Nothing in the knowledge base covers “who replaced Anne Milgram as DEA administrator\?”\.\nThe passages that share its words do not say who \*replaced\*\./);
  });

  it('answers privately when asked', async () => {
    const { registry } = setup();
    expect((await registry.execute('fentanyl', alice, { query: 'Nogales', private: true })).ephemeral).toBe(true);
  });

  it('says privately that nothing covers an unrelated question, with topics to try', async () => {
    const { registry } = setup();
    const reply = await registry.execute('fentanyl', alice, { query: 'how to train a puppy' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Nothing in the knowledge base covers “how to train a puppy”/);
    expect(reply.content).toMatch(/Topics it covers: .*`sinaloa and cjng cartels`/);
  });

  it('shows the query back as typed: its Markdown, links, mentions, line breaks, direction controls and mark piles cannot reformat the reply', async () => {
    const { registry } = setup();
    const hostile = 'puppy **bold** ||spoiler|| `code` [click](https://evil.example) <@123456789012345678> <#42>\n# big \u202Eenoyreve';
    const none = await registry.execute('fentanyl', alice, { query: hostile });
    expect(none.content).toContain(
      'covers “puppy \\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\`code\\` \\[click\\](https://evil.example) \\<@123456789012345678> \\<#42> # big enoyreve”.',
    );
    // The title of a public answer too.
    const zalgo = 'N' + '\u0351'.repeat(60);
    const answer = await registry.execute('fentanyl', alice, { query: `Nogales **trucks** ||x|| ${zalgo}` });
    expect(answer.cards![0]!.title).toBe(`Fentanyl briefing: “Nogales \\*\\*trucks\\*\\* \\|\\|x\\|\\| N${'\u0351'.repeat(4)}”`);
  });

  it('rejects an empty or overlong query with a clear message', async () => {
    const { registry } = setup();
    expect((await registry.execute('fentanyl', alice, { query: '   ' })).content).toBe('`query` “   ”: Type something to search for.');
    expect((await registry.execute('fentanyl', alice, { query: 'x'.repeat(201) })).content).toMatch(/under 200 characters/);
    // The refusal quotes the start of the query: escaped, and not cut inside an emoji.
    const long = await registry.execute('fentanyl', alice, { query: `x**${'🚚'.repeat(250)}` });
    expect(long.content).toBe(`\`query\` “x\\*\\*${'🚚'.repeat(61)}”: Keep the query under 200 characters.`);
  });

  it('pages through results for the requester only, and says when buttons expired', async () => {
    const { registry, advance } = setup();
    const first = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    const more = actionIds(first)['More results'];
    expect(more).toBeDefined();
    const page2 = await registry.press(alice, more!);
    expect(page2.update).toBe(true);
    expect(page2.cards![0]!.description).toMatch(/^\*\*4\.\*\*/);
    const notYours = await registry.press(bob, more!);
    expect(notYours).toMatchObject({ ephemeral: true, content: expect.stringMatching(/belong to the person who searched/) });
    const full = await registry.press(alice, actionIds(first)['Full passage 1']!);
    expect(full.ephemeral).toBe(true);
    expect(full.update).toBeUndefined();
    advance(16 * 60 * 1000);
    expect((await registry.press(alice, more!)).content).toMatch(/expired/);
  });

  it('applies a per-user cooldown with a clear message', async () => {
    const { registry, advance } = setup(10);
    await registry.execute('fentanyl', alice, { query: 'Nogales' });
    const again = await registry.execute('fentanyl', alice, { query: 'Nogales' });
    expect(again).toMatchObject({ ephemeral: true, content: expect.stringMatching(/try again in 10 seconds/) });
    expect((await registry.execute('fentanyl', bob, { query: 'Nogales' })).cards).toBeDefined();
    advance(10_000);
    expect((await registry.execute('fentanyl', alice, { query: 'Nogales' })).cards).toBeDefined();
  });

  it('autocompletes with at most 25 short choices, topics first when nothing is typed', async () => {
    const { registry } = setup();
    const empty = await registry.complete('fentanyl', alice, { name: 'query', value: '' });
    expect(empty[0]).toEqual({ name: 'amlo and fentanyl production', value: 'amlo and fentanyl production' });
    const typed = await registry.complete('fentanyl', alice, { name: 'query', value: 'sin' });
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.length).toBeLessThanOrEqual(25);
    expect(typed[0]!.name).toMatch(/^sin/i);
    for (const choice of [...empty, ...typed]) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('the error boundary', () => {
  it('shows a generic message with an error id that is in the log, with the stack, never the cause', async () => {
    const { registry, lines } = setup();
    const reply = await registry.execute('broken', alice, {});
    const errorId = /error id `([0-9a-f]{8})`/.exec(reply.content ?? '')?.[1];
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).not.toContain('disk on fire');
    expect(errorId).toBeDefined();
    const logged = lines.find((line) => line['errorId'] === errorId) as { err: { message: string; stack: string }; outcome: string };
    expect(logged.outcome).toBe('error');
    expect(logged.err.message).toBe('disk on fire');
    expect(logged.err.stack).toMatch(/Error: disk on fire/);
  });

  it('logs one line per interaction with command, latency and outcome', async () => {
    const { registry, lines } = setup();
    await registry.execute('fentanyl', alice, { query: 'Nogales' });
    expect(lines.at(-1)).toMatchObject({ kind: 'command', command: 'fentanyl', outcome: 'ok', ms: expect.any(Number), user: '1' });
  });
});
