import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fold, squeeze } from './text.ts';

/** The development query set's format (../shared/eval/dev-queries.json). */
const EvalSet = z.object({
  queries: z.array(z.object({ id: z.string(), kind: z.string().optional(), query: z.string(), gold: z.array(z.string()).min(1) })),
  out_of_scope: z.array(z.string()),
});
export type EvalSet = z.infer<typeof EvalSet>;

export interface EvalScores {
  system: string;
  hitAt1: number;
  hitAt3: number;
  mrrAt5: number;
  /** Share of out-of-scope queries that returned no passage at all. */
  rejected: number;
  /** In-scope queries answered at no rank within 5, by id: where to look next. */
  misses: string[];
  /** hit@3 per query kind (for sets whose queries name their kind). */
  kinds: Record<string, { hitAt3: number; count: number }>;
}

/** A system under evaluation: the full texts of its ranked passages for a query. */
export type Ranker = (query: string) => string[];

export async function readEvalSet(file: string): Promise<EvalSet> {
  return EvalSet.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** Folding used by the eval set: case, accents, curly quotes and white space. */
function foldForGold(text: string): string {
  return squeeze(fold(text));
}

export function evaluate(system: string, set: EvalSet, rank: Ranker): EvalScores {
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  const kinds: Record<string, { hitAt3: number; count: number }> = {};
  for (const item of set.queries) {
    const gold = item.gold.map(foldForGold);
    const texts = rank(item.query).slice(0, 5).map(foldForGold);
    const at = texts.findIndex((text) => gold.some((phrase) => text.includes(phrase)));
    if (at === 0) hit1 += 1;
    if (at >= 0 && at < 3) hit3 += 1;
    if (item.kind) {
      const kind = (kinds[item.kind] ??= { hitAt3: 0, count: 0 });
      kind.count += 1;
      if (at >= 0 && at < 3) kind.hitAt3 += 1;
    }
    if (at >= 0) reciprocal += 1 / (at + 1);
    else misses.push(item.id);
  }
  const rejected = set.out_of_scope.filter((query) => rank(query).length === 0).length;
  const n = set.queries.length || 1;
  return {
    system,
    hitAt1: hit1 / n,
    hitAt3: hit3 / n,
    mrrAt5: reciprocal / n,
    rejected: set.out_of_scope.length ? rejected / set.out_of_scope.length : 1,
    misses,
    kinds: Object.fromEntries(Object.entries(kinds).map(([kind, { hitAt3, count }]) => [kind, { hitAt3: hitAt3 / count, count }])),
  };
}

export function formatScores(rows: EvalScores[], showMisses = true): string {
  const kinds = [...new Set(rows.flatMap((row) => Object.keys(row.kinds)))];
  const header = `${'system'.padEnd(28)} hit@1  hit@3  MRR@5  OOS rejected${kinds.map((kind) => `  ${kind.slice(0, 10).padStart(10)}`).join('')}${showMisses ? '  misses' : ''}`;
  const lines = rows.map(
    (row) =>
      `${row.system.padEnd(28)} ${row.hitAt1.toFixed(2).padStart(5)}  ${row.hitAt3.toFixed(2).padStart(5)}  ${row.mrrAt5.toFixed(2).padStart(5)}  ${`${Math.round(row.rejected * 100)}%`.padStart(12)}` +
      kinds.map((kind) => `  ${(row.kinds[kind]?.hitAt3.toFixed(2) ?? '-').padStart(10)}`).join('') +
      (showMisses ? `  ${row.misses.join(' ')}` : ''),
  );
  return [header, ...lines].join('\n');
}
