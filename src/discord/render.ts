import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { Reply, ReplyButton, ReplyCard } from '../commands/reply.ts';
import { truncate } from '../commands/truncate.ts';
import { LIMITS } from './limits.ts';

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  flags?: MessageFlags.Ephemeral;
  /** Text quoted from articles must never ping anyone. */
  allowedMentions: { parse: [] };
}

const STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
  success: ButtonStyle.Success,
} as const;

/** A Reply as Discord message options, within every limit Discord enforces (it answers 400 otherwise). */
export function toDiscordMessage(reply: Reply): DiscordMessage {
  const embeds = fitTotal((reply.cards ?? []).slice(0, LIMITS.embeds).map(toEmbed));
  const message: DiscordMessage = { embeds, components: toRows(reply.buttons ?? []), allowedMentions: { parse: [] } };
  if (reply.content) message.content = truncate(reply.content, LIMITS.content);
  if (reply.ephemeral) message.flags = MessageFlags.Ephemeral;
  return message;
}

function toEmbed(card: ReplyCard): APIEmbed {
  const embed: APIEmbed = {};
  if (card.title) embed.title = truncate(card.title, LIMITS.embedTitle);
  if (card.url) embed.url = card.url;
  if (card.description) embed.description = truncate(card.description, LIMITS.embedDescription);
  if (card.color !== undefined) embed.color = card.color;
  if (card.footer) embed.footer = { text: truncate(card.footer, LIMITS.footer) };
  if (card.fields?.length) {
    embed.fields = card.fields.slice(0, LIMITS.embedFields).map((field) => ({
      name: truncate(field.name || '\u200b', LIMITS.fieldName),
      value: truncate(field.value || '\u200b', LIMITS.fieldValue),
      inline: field.inline ?? false,
    }));
  }
  return embed;
}

const embedLength = (embed: APIEmbed) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

/** Keep all embeds of one message within 6000 characters: shorten the longest descriptions, then drop trailing fields. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  let total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  for (const embed of [...embeds].sort((a, b) => (b.description?.length ?? 0) - (a.description?.length ?? 0))) {
    if (total <= LIMITS.embedsTotal) break;
    if (!embed.description) continue;
    const excess = total - LIMITS.embedsTotal;
    const target = Math.max(100, embed.description.length - excess);
    total -= embed.description.length;
    embed.description = truncate(embed.description, target);
    total += embed.description.length;
  }
  for (let i = embeds.length - 1; i >= 0 && total > LIMITS.embedsTotal; i -= 1) {
    const embed = embeds[i]!;
    while (embed.fields?.length && total > LIMITS.embedsTotal) {
      const field = embed.fields.pop()!;
      total -= field.name.length + field.value.length;
    }
  }
  return embeds;
}

function toRows(buttons: ReplyButton[]): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (const button of buttons.slice(0, LIMITS.buttonsPerRow * LIMITS.rows)) {
    let row = rows[rows.length - 1];
    if (!row || row.components.length === LIMITS.buttonsPerRow) {
      row = { type: ComponentType.ActionRow, components: [] };
      rows.push(row);
    }
    row.components.push(
      button.kind === 'link'
        ? { type: ComponentType.Button, style: ButtonStyle.Link, url: button.url, label: truncate(button.label, LIMITS.buttonLabel) }
        : {
            type: ComponentType.Button,
            style: STYLES[button.style ?? 'secondary'],
            custom_id: button.customId.slice(0, LIMITS.customId),
            label: truncate(button.label, LIMITS.buttonLabel),
            disabled: button.disabled ?? false,
          },
    );
  }
  return rows;
}
