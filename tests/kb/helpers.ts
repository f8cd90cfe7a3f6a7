import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invoker } from '../../src/commands/types.ts';
import { stringifyFrontMatter } from '../../src/knowledge/front-matter.ts';
import { ROOT } from '../fixtures.ts';

export interface TempKnowledge {
  /** A scratch folder holding `knowledge/` (a copy of the real one plus fixtures) and `data/`. */
  root: string;
  dir: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** Front matter and paragraphs as the loader reads them. */
export function knowledgeFile(id: string, paragraphs: string[], front: Record<string, unknown> = {}): string {
  return stringifyFrontMatter(`${paragraphs.join('\n\n')}\n`, {
    id,
    title: `Fixture ${id}`,
    publisher: 'Test Gazette',
    authors: [],
    published: '2023-03-23',
    url: null,
    origin: `${id}.txt`,
    topics: ['fixtures'],
    ...front,
  });
}

/** Two documents every test can count on, whatever the real knowledge/ holds at the time. */
export const FIXTURES = {
  'kb-fixture-border.md': knowledgeFile('kb-fixture-border', [
    'Officers at the Nogales port of entry seized quaranthium pills hidden in a truck of cucumbers.',
    'Most fentanyl seizures happen at legal crossings, according to the fixture report.',
  ]),
  'kb-fixture-policy.md': knowledgeFile('kb-fixture-policy', [
    'The fixture ministry announced a new precursor-chemical agreement with its neighbours.',
    'Critics said the agreement left the quaranthium trade untouched.',
  ]),
};

/** A new document with a word no other document has: a query for it answers only once it is in service. */
export const NEW_DOCUMENT = {
  name: 'kb-fixture-new.md',
  id: 'kb-fixture-new',
  text: knowledgeFile('kb-fixture-new', ['A shipment of zanzibarite was intercepted in the fixture harbour.', 'Inspectors traced the zanzibarite to a chemical broker.']),
};

export async function tempKnowledge(): Promise<TempKnowledge> {
  const root = await mkdtemp(path.join(tmpdir(), 'kb-test-'));
  const dir = path.join(root, 'knowledge');
  const dataDir = path.join(root, 'data');
  // Never the real folder: tests write, break and delete files.
  await cp(path.join(ROOT, 'knowledge'), dir, { recursive: true });
  await mkdir(dataDir);
  for (const [name, text] of Object.entries(FIXTURES)) await writeFile(path.join(dir, name), text);
  return { root, dir, dataDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export const ADMIN: Invoker = {
  userId: '100000000000000001',
  userName: 'Ada Admin',
  guildId: '200000000000000001',
  channelId: '300000000000000001',
  permissions: PermissionFlagsBits.ManageGuild,
  roleIds: [],
};

export const MEMBER: Invoker = { ...ADMIN, userId: '100000000000000002', userName: 'Mo Member', permissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages, roleIds: ['400000000000000001'] };

/** A raw article the way the seeds come: a title line, a byline, a date, then paragraphs among page chrome. */
export const RAW_ARTICLE = `Home / News
IMG https://example.org/logo.png

Customs officers find xylocaine-laced pills in Laredo freight

Jane Roe

April 4, 2024

Customs officers in Laredo found thousands of pills hidden in a freight shipment of auto parts on Tuesday, the agency said.

The pills were sent to a laboratory, which found a xylocaine compound mixed with fentanyl, a combination seldom seen at the border.

Officials said the seizure was the largest at the crossing this year.

Leave a Reply
`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** `npm run kb -- <args>` as a child process in the temporary folder, with this environment on top of the test's. */
export async function runKbCli(kb: TempKnowledge, env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  const options = { env: { ...process.env, DATA_DIR: kb.dataDir, DISCORD_TOKEN: '', LOG_LEVEL: 'silent', ...env }, cwd: kb.root };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, path.join(ROOT, 'src/cli/kb.ts'), ...args], options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
