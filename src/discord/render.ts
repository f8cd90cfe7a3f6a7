import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { Reply, ReplyButton, ReplyCard } from '../shared/reply.ts';
import { truncate } from '../commands/truncate.ts';
import { isSafeUrl } from '../shared/url.ts';
import { LIMITS } from '../shared/discord-limits.ts';

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
  // An address Discord would refuse (and the whole message with it) is left off.
  if (card.url && isSafeUrl(card.url)) embed.url = card.url;
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

/**
 * Keep all embeds of one message within 6000 characters (Discord answers 400 past it).
 * Earlier embeds matter more: each takes what it needs from the budget left, shrinking
 * its footer, fields and description in that order when it does not fit; an embed
 * that gets almost nothing is dropped with those after it.
 */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const fitted: APIEmbed[] = [];
  let budget = LIMITS.embedsTotal;
  for (const embed of embeds) {
    if (embed.footer && embedLength(embed) > budget) embed.footer = { text: truncate(embed.footer.text, Math.max(20, embed.footer.text.length - (embedLength(embed) - budget))) };
    while (embed.fields?.length && embedLength(embed) > budget) embed.fields.pop();
    if (embed.description && embedLength(embed) > budget) {
      embed.description = truncate(embed.description, Math.max(1, embed.description.length - (embedLength(embed) - budget)));
    }
    if (embedLength(embed) > budget || budget - embedLength(embed) < 0) break;
    fitted.push(embed);
    budget -= embedLength(embed);
    if (budget < 100) break;
  }
  return fitted;
}

function toRows(buttons: ReplyButton[]): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  // A link button with an address Discord refuses (over 512 characters, say) would sink the whole message: it is left out.
  const usable = buttons.filter((button) => button.kind !== 'link' || isSafeUrl(button.url));
  for (const button of usable.slice(0, LIMITS.buttonsPerRow * LIMITS.rows)) {
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
