/**
 * Reading a knowledge base for the digest in slices (seconds at 100k passages): the event
 * loop turns while it runs, and the digest picks from exactly what a reading at once finds.
 * (No timings: `scripts/bench/briefing-minute.ts` measures the longest stall.)
 */
import { expect, it } from 'vitest';
import { syntheticDocuments } from '../../scripts/bench/corpus.ts';
import { candidatesOf, prepareCandidates } from '../../src/briefing/candidates.ts';
import { composeBriefing, prepareBriefing } from '../../src/briefing/compose.ts';
import { buildIndex, DOCUMENTS } from './fixtures.ts';

const documents = [...DOCUMENTS, ...syntheticDocuments(500, DOCUMENTS)];

it('lets the event loop turn while it reads the knowledge base, and composes what a reading at once composes', async () => {
  const index = buildIndex(documents);
  let turns = 0;
  const tick = () => {
    turns += 1;
    if (turns < 1_000) timer = setImmediate(tick);
  };
  let timer = setImmediate(tick);
  // Two callers (a preview and a due briefing) share one reading.
  const [sliced, again] = await Promise.all([prepareCandidates(index, { sliceMs: 0 }), prepareCandidates(index, { sliceMs: 0 })]);
  clearImmediate(timer);
  expect(turns).toBeGreaterThan(10);
  expect(again).toBe(sliced);
  // Composing afterwards reads nothing again, and picks from the same pieces as a reading at once.
  expect(candidatesOf(index)).toBe(sliced);
  const atOnce = buildIndex(documents);
  expect(sliced).toEqual(candidatesOf(atOnce));
  // The rotation's shared tables too, then a digest: the same as one composed at once.
  turns = 0;
  timer = setImmediate(tick);
  await prepareBriefing(index, { sliceMs: 0 });
  clearImmediate(timer);
  expect(turns).toBeGreaterThan(0);
  expect(composeBriefing({ index, date: '2026-05-04', channel: '1' })).toEqual(composeBriefing({ index: atOnce, date: '2026-05-04', channel: '1' }));
});
