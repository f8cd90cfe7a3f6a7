/**
 * /kb in a sharded bot: a reload or an add here reaches the other shards (through the Library's
 * peers, which the shard manager relays), and the reply lists each shard's outcome; a shard that
 * refused or did not answer is named, and said to keep its old index.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKbCommand } from '../../src/commands/kb.ts';
import type { Reply } from '../../src/shared/reply.ts';
import { attachmentOption } from '../../src/kb/attachment.ts';
import { Library } from '../../src/library.ts';
import type { ReloadRequest } from '../../src/knowledge/reload-report.ts';
import type { ShardReloadOutcome } from '../../src/knowledge/reload-report.ts';
import { ADMIN, NEW_DOCUMENT, RAW_ARTICLE, tempKnowledge, type TempKnowledge } from './helpers.ts';

let kb: TempKnowledge;
let library: Library;
beforeEach(async () => {
  kb = await tempKnowledge();
  library = await Library.open(kb.dir);
});
afterEach(async () => {
  await kb.cleanup();
});

const shardsCardOf = (reply: Reply) => reply.cards?.find((card) => /shard/i.test(card.title ?? ''));
const counts = { documents: 2, passages: 4 };

describe('/kb with other shards', () => {
  it('reloads every other shard too and reports each, naming the one that refused and the one that did not answer', async () => {
    const asked: ReloadRequest[] = [];
    library.setPeers({
      shardId: 1,
      reload: async (request): Promise<ShardReloadOutcome[]> => {
        asked.push(request);
        return [
          { shard: 2, ok: false, before: counts, after: counts, problems: 3, detail: 'reload refused' },
          { shard: 0, ok: true, before: counts, after: { documents: 3, passages: 6 }, problems: 0, detail: 'reloaded' },
          { shard: 3, ok: null, before: null, after: null, problems: 0, detail: 'its process is restarting' },
        ];
      },
    });
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    const reply = await createKbCommand({ library, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [] }).run(ADMIN, {}, 'reload');
    expect(asked).toEqual([{ trigger: 'command', by: { id: ADMIN.userId, name: ADMIN.userName } }]);
    const card = shardsCardOf(reply);
    expect(card?.title).toBe('Not every shard reloaded');
    const lines = card?.description?.split('\n') ?? [];
    expect(lines[0]).toMatch(/^Shard 1 \(this one\): reloaded: documents \d+ → \d+/);
    expect(lines[1]).toBe('Shard 0: reloaded: documents 2 → 3, passages 4 → 6');
    expect(lines[2]).toBe('Shard 2: refused (3 problems); it keeps serving its old index');
    expect(lines[3]).toMatch(/^Shard 3: did not answer \(its process is restarting\); it keeps the index it has/);
    // This shard itself reloaded.
    expect(library.index.document(NEW_DOCUMENT.id)).toBeDefined();
  });

  it('says every shard reloaded when all did, and nothing about shards in a bot that is not sharded', async () => {
    const command = createKbCommand({ library, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [] });
    expect(shardsCardOf(await command.run(ADMIN, {}, 'reload'))).toBeUndefined();
    library.setPeers({ shardId: 0, reload: async () => [{ shard: 1, ok: true, before: counts, after: counts, problems: 0, detail: 'reloaded' }] });
    expect(shardsCardOf(await command.run(ADMIN, {}, 'reload'))?.title).toBe('Every shard reloaded (2)');
  });

  it('/kb add reloads the other shards only once the file is in service here, and asks for a fresh read', async () => {
    const asked: ReloadRequest[] = [];
    library.setPeers({ shardId: 0, reload: async (request) => (asked.push(request), [{ shard: 1, ok: true, before: counts, after: counts, problems: 0, detail: 'reloaded' }]) });
    const name = 'article.txt';
    const file = attachmentOption({ url: `https://cdn.example/${name}`, name, size: Buffer.byteLength(RAW_ARTICLE), contentType: 'text/plain; charset=utf-8' });
    const reply = await createKbCommand({ library, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], fetchAttachment: async () => new TextEncoder().encode(RAW_ARTICLE) }).run(ADMIN, { file, title: 'A title' }, 'add');
    expect(reply.cards?.[0]?.title).toMatch(/^Added: /);
    expect(asked).toEqual([{ trigger: 'add', by: { id: ADMIN.userId, name: ADMIN.userName }, fresh: true }]);
    expect(shardsCardOf(reply)?.title).toBe('Every shard reloaded (2)');
  });
});
