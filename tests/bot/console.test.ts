import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../fixtures.ts';

const run = promisify(execFile);
/** The store of these sessions: a temporary folder, not the project's data/. */
const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'console-test-'));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

/** Start the bot as a newcomer would (`npm start` = tsx src/main.ts), with no Discord configuration, and pipe commands in. */
async function consoleSession(lines: string[], env: Record<string, string> = {}) {
  const child = run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', DATA_DIR, ...env },
    timeout: 30_000,
  });
  child.child.stdin!.end(lines.join('\n') + '\n');
  return child;
}

describe('console mode (npm start without DISCORD_TOKEN)', () => {
  it('says it is in console mode and answers /fentanyl with cited snippets', async () => {
    const { stdout } = await consoleSession(['/fentanyl seizures', '/fentanyl query:Mariposa port of entry private:true']);
    expect(stdout).toMatch(/console mode/i);
    expect(stdout).toMatch(/set DISCORD_TOKEN/);
    expect(stdout).toMatch(/Fentanyl briefing: “seizures”/);
    expect(stdout).toMatch(/^1\. .*seizures/im);
    // A citation line: title, date or "undated", paragraph.
    expect(stdout).toMatch(/, (undated|\d{1,2} \w{3} \d{4}|\w{3} \d{4}|\d{4}), ¶\d+/);
    expect(stdout).toMatch(/\d+ passages matched in \d+ documents/);
    expect(stdout).toMatch(/Mariposa port of entry in Nogales/);
    expect(stdout).toContain('(only you can see this)');
  });

  it('pages with the buttons, lists sources, says when nothing matches, and explains unknown commands', async () => {
    const { stdout } = await consoleSession(['/fentanyl seizures', '1', '/fentanyl how to train a puppy', '/sources', '/launch missiles']);
    expect(stdout).toMatch(/showing 4–6/);
    expect(stdout).toMatch(/Nothing in the knowledge base covers “how to train a puppy”/);
    expect(stdout).toMatch(/Sources in the knowledge base/);
    expect(stdout).toMatch(/Unknown command "launch"/);
  });

  it('exits with a clear message when the configuration is invalid, without echoing the value', async () => {
    const error = await consoleSession(['/help'], { BRIEFING_TIME: '25:00', DISCORD_GUILD_ID: 'not-an-id' }).catch((failure: unknown) => failure as { code: number; stderr: string });
    expect(error).toMatchObject({ code: 1 });
    const { stderr } = error as { stderr: string };
    expect(stderr).toMatch(/BRIEFING_TIME: must be HH:MM/);
    expect(stderr).toMatch(/DISCORD_GUILD_ID: must be a Discord id/);
    expect(stderr).not.toMatch(/not-an-id/);
  });
});
