/**
 * Options of dispatched commands. Discord only ever sends values of the declared type, and only
 * options the registered command defines; these checks make a test that dispatches something
 * Discord never would fail at the dispatch, not deep inside the bot.
 */
import type { APIApplicationCommand, APIApplicationCommandInteractionDataOption, APIApplicationCommandOption } from 'discord-api-types/v10';
import type { CommandOptionInput } from './types.ts';

export function countFocused(options: CommandOptionInput[]): number {
  return options.reduce((n, o) => n + (o.focused ? 1 : 0) + countFocused(o.options ?? []), 0);
}

/** Type-check an option value the way Discord guarantees it, then render it. */
export function toApiOption(o: CommandOptionInput, allowFocused: boolean): APIApplicationCommandInteractionDataOption {
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`dispatch: option "${o.name}" (type ${o.type}) needs ${what}, got ${JSON.stringify(o.value)}`);
  };
  if (o.type === 1 || o.type === 2) {
    return { name: o.name, type: o.type, options: (o.options ?? []).map((c) => toApiOption(c, allowFocused)) } as APIApplicationCommandInteractionDataOption;
  }
  // While typing (autocomplete) the focused value is whatever text the user has entered so far.
  const typing = allowFocused && o.focused === true;
  if (!typing) {
    switch (o.type) {
      case 3:
        expect(typeof o.value === 'string', 'a string');
        break;
      case 4:
        expect(Number.isInteger(o.value), 'an integer');
        break;
      case 5:
        expect(typeof o.value === 'boolean', 'a boolean');
        break;
      case 10:
        expect(typeof o.value === 'number' && Number.isFinite(o.value), 'a number');
        break;
      case 6:
      case 7:
      case 8:
      case 9:
      case 11:
        expect(typeof o.value === 'string' && /^\d{17,20}$/.test(o.value), 'a snowflake string');
        break;
      default:
        throw new Error(`dispatch: option "${o.name}" has unknown type ${o.type}`);
    }
  }
  return { name: o.name, type: o.type, value: typing ? String(o.value ?? '') : o.value, ...(typing ? { focused: true } : {}) } as APIApplicationCommandInteractionDataOption;
}


/**
 * Check dispatched options against the registered definition: known names, matching types,
 * required ones present, values among declared choices, and autocomplete only where enabled.
 */
export function checkAgainstDefinition(command: APIApplicationCommand, options: CommandOptionInput[], autocomplete: boolean): void {
  const walk = (defs: readonly APIApplicationCommandOption[] | undefined, given: CommandOptionInput[], path: string) => {
    const declared = defs ?? [];
    for (const o of given) {
      const def = declared.find((d) => d.name === o.name);
      if (!def) throw new Error(`dispatch: /${path} has no option "${o.name}" (declared: ${declared.map((d) => d.name).join(', ') || 'none'})`);
      if (def.type !== o.type) throw new Error(`dispatch: option "${o.name}" of /${path} is declared with type ${def.type}, not ${o.type}`);
      if (o.type === 1 || o.type === 2) {
        walk('options' in def ? def.options : undefined, o.options ?? [], `${path} ${o.name}`);
        continue;
      }
      if (o.focused) {
        if (!('autocomplete' in def) || def.autocomplete !== true) throw new Error(`dispatch: option "${o.name}" of /${path} does not have autocomplete enabled`);
        continue;
      }
      const choices = 'choices' in def ? def.choices : undefined;
      if (choices?.length && !choices.some((c) => c.value === o.value)) {
        throw new Error(`dispatch: ${JSON.stringify(o.value)} is not a declared choice of option "${o.name}" of /${path}`);
      }
    }
    const isSubcommandLevel = declared.some((d) => d.type === 1 || d.type === 2);
    if (isSubcommandLevel && given.length !== 1) throw new Error(`dispatch: /${path} needs exactly one sub-command`);
    // While autocompleting, required options may still be empty.
    if (autocomplete) return;
    for (const d of declared) {
      if ('required' in d && d.required && !given.some((o) => o.name === d.name)) throw new Error(`dispatch: required option "${d.name}" of /${path} is missing`);
    }
  };
  walk(command.options, options, command.name);
}
