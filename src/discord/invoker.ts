import { ApplicationCommandOptionType, type BaseInteraction, type CommandInteractionOption } from 'discord.js';
import type { Invoker, RawOptions } from '../commands/types.ts';
import { attachmentOption } from '../kb/attachment.ts';

/** Who is asking, read off an interaction. In DMs there are no permissions. */
export function invokerOf(interaction: BaseInteraction): Invoker {
  const member = interaction.member;
  const roleIds = !member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return {
    userId: interaction.user.id,
    userName: interaction.user.username,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    permissions: interaction.memberPermissions?.bitfield ?? 0n,
    roleIds,
  };
}

/**
 * Option values of a chat-input interaction as plain values, and its subcommand.
 * Channels arrive as their id; an attachment as JSON `{url, name, size, contentType}`,
 * which is all a handler needs to fetch it.
 */
export function optionsOf(data: readonly CommandInteractionOption[]): { subcommand?: string; options: RawOptions } {
  const first = data[0];
  const { Subcommand, SubcommandGroup } = ApplicationCommandOptionType;
  if (first && (first.type === Subcommand || first.type === SubcommandGroup) && first.options !== undefined) {
    // The values sit one level down (two for a subcommand in a group).
    const inner = first.type === SubcommandGroup ? first.options[0] : first;
    return { subcommand: first.type === SubcommandGroup ? `${first.name} ${inner?.name ?? ''}`.trim() : first.name, options: valuesOf(inner?.options ?? []) };
  }
  if (first && first.type === Subcommand) return { subcommand: first.name, options: {} };
  return { options: valuesOf(data) };
}

function valuesOf(data: readonly CommandInteractionOption[]): RawOptions {
  const options: RawOptions = {};
  for (const option of data) {
    if (option.attachment) options[option.name] = attachmentOption(option.attachment);
    else if (option.value !== undefined) {
      options[option.name] = option.value;
    }
  }
  return options;
}
