/**
 * Every CLI answers a bad command line with one line, its usage, and exit code 2 — never a
 * stack trace (issue 9, item 18) — and `ask` keeps /fentanyl's query limit (item 20).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { QUERY_MAX_LENGTH } from '../../src/commands/query-limit.ts';
import { ROOT } from '../fixtures.ts';

const run = promisify(execFile);

async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (failure) {
    const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const CASES: { script: string; args: string[]; reason: RegExp; usage: RegExp }[] = [
  { script: 'briefing.ts', args: ['--date', '2023-13-01'], reason: /^--date 2023-13-01 is not a real calendar date\.$/, usage: /^usage: npm run -s briefing/ },
  { script: 'briefing.ts', args: ['--date', 'tomorrow'], reason: /^--date "tomorrow" must be a date written YYYY-MM-DD/, usage: /^usage: npm run -s briefing/ },
  { script: 'briefing.ts', args: ['--date', '1969-12-31'], reason: /^--date 1969-12-31 is before 1970-01-01/, usage: /^usage: npm run -s briefing/ },
  { script: 'briefing.ts', args: ['--date'], reason: /^Option '--date <value>' argument missing/, usage: /^usage: npm run -s briefing/ },
  { script: 'ask.ts', args: ['--bogus', 'seizures'], reason: /^Unknown option '--bogus'\.$/, usage: /^usage: npm run -s ask/ },
  { script: 'ask.ts', args: ['--limit', 'ten', 'seizures'], reason: /^--limit must be a whole number from 1 to 50\.$/, usage: /^usage: npm run -s ask/ },
  { script: 'ask.ts', args: ['x'.repeat(QUERY_MAX_LENGTH + 1)], reason: new RegExp(`^The query is ${QUERY_MAX_LENGTH + 1} characters; the limit is ${QUERY_MAX_LENGTH}\\.$`), usage: /^usage: npm run -s ask/ },
  { script: 'kb.ts', args: ['check', '--bogus'], reason: /^Unknown option '--bogus'\.$/, usage: /^Usage:$/ },
  { script: 'deploy-commands.ts', args: ['--guild', 'x'], reason: /^Unknown option '--guild'\.?$/, usage: /^usage: npm run deploy-commands/ },
];

describe('command-line arguments', () => {
  it('each bad command line gets one line, the usage, and exit 2', async () => {
    const results = await Promise.all(CASES.map((c) => cli(c.script, c.args)));
    results.forEach((result, i) => {
      const c = CASES[i]!;
      const label = `${c.script} ${c.args.join(' ').slice(0, 40)}`;
      expect(result.code, label).toBe(2);
      const [reason, usage] = result.stderr.split('\n');
      expect(reason, label).toMatch(c.reason);
      expect(usage, label).toMatch(c.usage);
      expect(result.stderr, label).not.toMatch(/\n\s+at /);
      expect(result.stdout, label).toBe('');
    });
  }, 120_000);

  it('ask answers a query at the limit', async () => {
    const result = await cli('ask.ts', [`seizures ${'x'.repeat(QUERY_MAX_LENGTH - 'seizures '.length)}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/seizures|Nothing in the knowledge base/i);
  }, 60_000);
});
