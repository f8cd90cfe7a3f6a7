import { execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../fixtures.ts';

const run = promisify(execFile);
/** The store of these sessions: a temporary folder, not the project's data/. */
const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'console-test-'));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
    const { stdout } = await consoleSession(['/fentanyl seizures', 'm', '/fentanyl how to train a puppy', '/sources', '/launch missiles']);
    expect(stdout).toMatch(/showing 4–6/);
    expect(stdout).toMatch(/Nothing in the knowledge base covers “how to train a puppy”/);
    expect(stdout).toMatch(/Sources in the knowledge base/);
    expect(stdout).toMatch(/Unknown command "launch"/);
  });

  it('keys buttons so a key means the same on every page: passages by their number, actions by a letter', async () => {
    const { stdout } = await consoleSession(['/fentanyl seizures', 'm', '4', 'p', '1', 'x']);
    const buttonLines = stdout.split('\n').filter((line) => line.startsWith('Buttons'));
    expect(buttonLines[0]).toMatch(/\[m\] More results {2}\[1\] Full passage 1 {2}\[2\] Full passage 2 {2}\[3\] Full passage 3/);
    // Page 2: "1" is not "Previous" here; the passages keep their numbers.
    expect(buttonLines[1]).toMatch(/\[p\] Previous {2}\[m\] More results {2}\[4\] Full passage 4/);
    expect(buttonLines[1]).not.toMatch(/\[1\]/);
    expect(stdout).toMatch(/showing 4–6[\s\S]*showing 1–3/);
    expect(stdout).toMatch(/There is no button \[x\] on the last answer\./);
  });

  it('answers /fentanyl without a query with a sentence, not a validation dump', async () => {
    const { stdout } = await consoleSession(['/fentanyl', '/fentanyl   ']);
    expect(stdout).toMatch(/\/fentanyl needs a query — Words or a question/);
    expect(stdout).not.toMatch(/Invalid input|expected string|undefined/);
  });

  it('keeps the log out of the answers: JSON lines go to DATA_DIR/bot.log, stderr stays quiet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'console-log-'));
    try {
      const { stdout, stderr } = await consoleSession(['/fentanyl seizures'], { DATA_DIR: dir, LOG_LEVEL: 'info' });
      expect(stderr).toBe('');
      expect(stdout).not.toMatch(/"level":/);
      expect(stdout).toContain(path.join(dir, 'bot.log'));
      const log = readFileSync(path.join(dir, 'bot.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
      expect(log.map((line) => line.msg)).toEqual(expect.arrayContaining(['knowledge base loaded', 'interaction']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows warnings on stderr as one readable line each', async () => {
    const knowledge = mkdtempSync(path.join(tmpdir(), 'console-knowledge-'));
    try {
      cpSync(path.join(ROOT, 'knowledge'), knowledge, { recursive: true });
      writeFileSync(path.join(knowledge, 'broken.md'), '---\nid: broken\n---\nText.\n');
      const { stderr } = await consoleSession(['/help'], { KNOWLEDGE_DIR: knowledge });
      expect(stderr).toMatch(/^warning: knowledge file left out: /m);
      expect(stderr).not.toMatch(/"level":/);
    } finally {
      rmSync(knowledge, { recursive: true, force: true });
    }
  });

  // `script` gives the bot a terminal as stdin: piped input ends by itself, a terminal does not.
  it.skipIf(!hasScript)('quits on "exit" typed in a terminal', async () => {
    const command = `${process.execPath} --import tsx ${path.join(ROOT, 'src/main.ts')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', DATA_DIR, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntil(() => output.includes('exit quits'), 30_000);
      // The input stays open, as a person's terminal does.
      child.stdin.write('exit\r');
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(resolve, 15_000, 'hung'))]);
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('exits with a clear message when the configuration is invalid, without echoing the value', async () => {
    const error = await consoleSession(['/help'], { BRIEFING_TIME: '25:00', DISCORD_GUILD_ID: 'not-an-id' }).catch((failure: unknown) => failure as { code: number; stderr: string });
    expect(error).toMatchObject({ code: 1 });
    const { stderr } = error as { stderr: string };
    expect(stderr).toMatch(/BRIEFING_TIME: must be HH:MM/);
    expect(stderr).toMatch(/DISCORD_GUILD_ID: must be a Discord id/);
    expect(stderr).not.toMatch(/not-an-id/);
  });
});
