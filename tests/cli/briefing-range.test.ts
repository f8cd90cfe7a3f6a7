import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../fixtures.ts';

const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const briefing = (...args: string[]) =>
  promisify(execFile)(process.execPath, [TSX, path.join(ROOT, 'src/cli/briefing.ts'), ...args], {
    env: { ...process.env, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'), LOG_LEVEL: 'silent' },
    cwd: ROOT,
  });

describe('npm run briefing over a range', () => {
  it('prints one digest a line with its date, and the range’s repetition and coverage figures', async () => {
    const { stdout } = await briefing('--from', '2023-04-01', '--to', '2023-04-12', '--json');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { date: string; sections: { items: unknown[] }[] });
    expect(lines.map((line) => line.date)).toEqual(Array.from({ length: 12 }, (_, day) => `2023-04-${String(day + 1).padStart(2, '0')}`));
    for (const line of lines) expect(line.sections.flatMap((section) => section.items).length).toBeGreaterThanOrEqual(5);
    const stats = JSON.parse((await briefing('--from', '2023-04-01', '--to', '2023-06-29', '--stats', '--json')).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({ digests: 90, repeatsWithinGap: 0, digestsWithFigureTwice: 0, identicalSpotlights: 0, danglingOpeners: 0, coverage: 1 });
  });

  it('refuses a topic the knowledge base does not have', async () => {
    await expect(briefing('--date', '2023-04-01', '--topics', 'cooking')).rejects.toMatchObject({ stderr: expect.stringContaining('not a topic of this knowledge base: cooking') });
  });
});
