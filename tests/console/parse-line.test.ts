import { describe, expect, it } from 'vitest';
import { createFentanylCommand } from '../../src/commands/fentanyl.ts';
import { createHelpCommand } from '../../src/commands/help.ts';
import type { Command } from '../../src/commands/types.ts';
import { parseLine } from '../../src/console/parse-line.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const subcommanded: Command = {
  options: {},
  definition: {
    name: 'briefing',
    description: 'd',
    options: [
      { type: 1, name: 'subscribe', description: 'd', options: [{ type: 3, name: 'time', description: 'd' }, { type: 3, name: 'timezone', description: 'd' }] },
      { type: 1, name: 'status', description: 'd' },
    ],
  },
  run: async () => ({}),
};
const commands = [createFentanylCommand({ library: { index: SearchIndex.build([]) }, cooldownSeconds: 0 }), createHelpCommand(), subcommanded];

describe('console command lines', () => {
  it('reads free text as the query, and name:value options', () => {
    expect(parseLine('/fentanyl seizures at the border', commands)).toEqual({ kind: 'command', name: 'fentanyl', options: { query: 'seizures at the border' } });
    expect(parseLine('/fentanyl query: Sinaloa cartel private:true', commands)).toEqual({ kind: 'command', name: 'fentanyl', options: { query: 'Sinaloa cartel', private: true } });
    expect(parseLine('fentanyl AMLO', commands)).toMatchObject({ kind: 'command', name: 'fentanyl', options: { query: 'AMLO' } });
  });

  it('reads subcommands', () => {
    expect(parseLine('/briefing subscribe time:08:30 timezone:America/Phoenix', commands)).toEqual({
      kind: 'command',
      name: 'briefing',
      subcommand: 'subscribe',
      options: { time: '08:30', timezone: 'America/Phoenix' },
    });
    expect(parseLine('/briefing', commands)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/subscribe, status/) });
  });

  it('treats a bare number or letter as a button press and rejects unknown commands', () => {
    expect(parseLine('2', commands)).toEqual({ kind: 'press', key: '2' });
    expect(parseLine(' M ', commands)).toEqual({ kind: 'press', key: 'm' });
    expect(parseLine('   ', commands)).toEqual({ kind: 'empty' });
    expect(parseLine('/nope', commands)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/Unknown command "nope"/) });
    expect(parseLine('/help me', commands)).toMatchObject({ kind: 'invalid' });
  });

  it('refuses a command without a required option with a sentence, as Discord would not send it', () => {
    expect(parseLine('/fentanyl', commands)).toEqual({ kind: 'invalid', message: expect.stringMatching(/^\/fentanyl needs a query — Words or a question/) });
    const required: Command = { ...subcommanded, definition: { name: 'briefing', description: 'd', options: [{ type: 1, name: 'subscribe', description: 'd', options: [{ type: 7, name: 'channel', description: 'A text channel', required: true }, { type: 3, name: 'time', description: 'd' }] }] } };
    expect(parseLine('/briefing subscribe time:07:30', [required])).toEqual({ kind: 'invalid', message: '/briefing subscribe needs a channel — A text channel.' });
    expect(parseLine('/briefing subscribe channel:123 time:07:30', [required])).toMatchObject({ kind: 'command' });
  });
});
