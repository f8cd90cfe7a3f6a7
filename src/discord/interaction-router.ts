import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { Reply } from '../shared/reply.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Logger } from '../log.ts';
import { invokerOf, optionsOf } from './invoker.ts';
import { LIMITS } from '../shared/discord-limits.ts';
import { toDiscordMessage } from './render.ts';

/**
 * Discord wants a first response within 3 seconds of the interaction; past this, defer and edit
 * the reply later. The 3 s count from Discord's side, so the gateway's delivery and a busy event
 * loop eat into them: a busy 2-core test run once took the defer past 3 s from a 2 s threshold.
 */
export const DEFER_AFTER_MS = 1500;

/**
 * Translates interactions into registry calls and replies back; no command logic here.
 * Tracks interactions in flight so a shutdown can let them finish.
 */
export class InteractionRouter {
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;

  constructor(
    private readonly registry: CommandRegistry,
    private readonly logger: Logger,
  ) {}

  handle(interaction: Interaction): void {
    if (!this.accepting) return;
    const work = this.dispatch(interaction)
      .catch((error: unknown) => {
        // Only Discord failures get here (the registry turns command errors into replies).
        this.logger.error({ err: error, interaction: interaction.id }, 'could not answer an interaction');
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Stop taking interactions and wait (bounded) for those already being answered. */
  async drain(timeoutMs = 5000): Promise<void> {
    this.accepting = false;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private async dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const { subcommand } = optionsOf(interaction.options.data);
      const focused = interaction.options.getFocused(true);
      const choices = await this.registry.complete(interaction.commandName, invokerOf(interaction), { name: focused.name, value: String(focused.value) }, subcommand);
      // Discord rejects the whole answer if one choice breaks its limits.
      await interaction.respond(
        choices.slice(0, LIMITS.autocompleteChoices).map((choice) => ({ name: choice.name.slice(0, LIMITS.choiceName), value: choice.value.slice(0, LIMITS.choiceValue) })),
      );
    } else if (interaction.isChatInputCommand()) {
      await this.chatInput(interaction);
    } else if (interaction.isButton()) {
      await this.button(interaction);
    }
  }

  private async chatInput(interaction: ChatInputCommandInteraction): Promise<void> {
    const { subcommand, options } = optionsOf(interaction.options.data);
    const command = this.registry.get(interaction.commandName);
    const privately = options['private'] === true || command?.answersPrivately === true;
    if (command?.defersFirst?.(subcommand)) {
      await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
      await this.finishDeferred(interaction, await this.registry.execute(interaction.commandName, invokerOf(interaction), options, subcommand));
      return;
    }
    const pending = this.registry.execute(interaction.commandName, invokerOf(interaction), options, subcommand);
    const early = await Promise.race([pending, delay(DEFER_AFTER_MS)]);
    if (early) {
      await interaction.reply(toDiscordMessage(early));
      return;
    }
    // Slow (a reload, say): acknowledge now, privately if the answer will be private.
    await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
    const reply = await pending;
    await this.finishDeferred(interaction, reply);
  }

  private async finishDeferred(interaction: ChatInputCommandInteraction, reply: Reply): Promise<void> {
    const { flags: _flags, ...message } = toDiscordMessage(reply);
    const deferredEphemeral = interaction.ephemeral ?? false;
    if (reply.ephemeral && !deferredEphemeral) {
      // A private answer cannot replace a public placeholder: remove it and answer privately.
      await interaction.deleteReply();
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.editReply(message);
  }

  private async button(interaction: ButtonInteraction): Promise<void> {
    const pending = this.registry.press(invokerOf(interaction), interaction.customId);
    const early = await Promise.race([pending, delay(DEFER_AFTER_MS)]);
    const reply = early ?? (await this.deferButton(interaction, pending));
    const { flags: _flags, ...message } = toDiscordMessage(reply);
    // Paging edits the message the button is on (it keeps its own visibility); anything else answers privately.
    if (interaction.deferred) {
      if (reply.update) await interaction.editReply(message);
      else await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    } else if (reply.update) await interaction.update(message);
    else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  }

  /** Slow (an Add that reloads the knowledge base): acknowledge by keeping the message, then edit it. */
  private async deferButton<T>(interaction: ButtonInteraction, pending: Promise<T>): Promise<T> {
    await interaction.deferUpdate();
    return pending;
  }
}

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(resolve, ms, undefined).unref());
