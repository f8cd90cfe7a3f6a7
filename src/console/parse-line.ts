import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import type { Command, RawOptions } from '../commands/types.ts';

export type ParsedLine =
  | { kind: 'command'; name: string; subcommand?: string; options: RawOptions }
  | { kind: 'press'; key: string }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

/**
 * Read a console line the way Discord would fill a slash command: `/fentanyl seizures`,
 * `/fentanyl query:seizures private:true`, `/briefing subscribe channel:123 time:08:00`.
 * Words before any `name:` go to the command's first text option. A bare number presses
 * or a single letter presses that button of the last answer. A required option left out is
 * refused here, as Discord's client would not send the command without it.
 */
export function parseLine(line: string, commands: readonly Command[]): ParsedLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (/^(\d+|[a-z])$/i.test(text)) return { kind: 'press', key: text.toLowerCase() };
  const match = /^\/?(\S+)\s*(.*)$/s.exec(text);
  const name = match?.[1]?.toLowerCase() ?? '';
  const command = commands.find((candidate) => candidate.definition.name === name);
  if (!command) return { kind: 'invalid', message: `Unknown command "${name}". Commands: ${commands.map((c) => `/${c.definition.name}`).join(', ')}.` };
  let rest = match?.[2] ?? '';
  let options: readonly APIApplicationCommandOption[] = command.definition.options ?? [];
  let subcommand: string | undefined;
  const subcommands = options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);
  if (subcommands.length) {
    const [word = '', ...others] = rest.split(/\s+/);
    const chosen = subcommands.find((option) => option.name === word.toLowerCase());
    if (!chosen) return { kind: 'invalid', message: `/${name} needs one of: ${subcommands.map((option) => option.name).join(', ')}.` };
    subcommand = chosen.name;
    options = ('options' in chosen ? chosen.options : undefined) ?? [];
    rest = others.join(' ');
  }
  const values: RawOptions = {};
  const names = options.map((option) => option.name);
  const keyPattern = new RegExp(`(?:^|\\s)(${names.map(escapeRegExp).join('|') || '(?!)'}):`, 'g');
  const keys = [...rest.matchAll(keyPattern)];
  const leading = (keys[0] ? rest.slice(0, keys[0].index) : rest).trim();
  if (leading) {
    const target = options.find((option) => option.type === ApplicationCommandOptionType.String);
    if (!target) return { kind: 'invalid', message: `/${name}${subcommand ? ` ${subcommand}` : ''} takes no free text.` };
    values[target.name] = leading;
  }
  keys.forEach((key, index) => {
    const start = key.index + key[0].length;
    const end = keys[index + 1]?.index ?? rest.length;
    const option = options.find((candidate) => candidate.name === key[1])!;
    values[option.name] = convert(option, rest.slice(start, end).trim());
  });
  const missing = options.find((option) => 'required' in option && option.required && values[option.name] === undefined);
  if (missing) {
    const usage = `/${name}${subcommand ? ` ${subcommand}` : ''}`;
    return { kind: 'invalid', message: `${usage} needs a ${missing.name} — ${missing.description.replace(/\.?$/, '.')}` };
  }
  return { kind: 'command', name, ...(subcommand ? { subcommand } : {}), options: values };
}

function convert(option: APIApplicationCommandOption, value: string): string | number | boolean {
  switch (option.type) {
    case ApplicationCommandOptionType.Boolean:
      return /^(true|yes|1)$/i.test(value);
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return Number(value);
    default:
      return value;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
