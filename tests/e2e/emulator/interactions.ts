/**
 * Building and dispatching INTERACTION_CREATE payloads the way Discord sends them, and the
 * per-interaction handle tests use to await the bot's callback, edits and follow-ups.
 */
import type {
  Locale,
  APIApplicationCommand,
  APIInteraction,
  APIInteractionDataResolved,
  APIMessage,
} from 'discord-api-types/v10';
import { ApplicationCommandType, ChannelType, GatewayDispatchEvents, InteractionContextType, InteractionType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { ATTACHMENT_SIZE_LIMIT, attachmentForOption, issueAttachment, resolvedAttachmentPayload, uploadAttachment } from './attachments.ts';
import type { Gateway } from './gateway.ts';
import { opaqueToken, snowflake } from './ids.ts';
import { isObject } from './limits.ts';
import { newStoredMessage } from './messages.ts';
import { checkAgainstDefinition, countFocused, toApiOption } from './options.ts';
import { channelPayload, interactionMemberPayload, memberPayload, messagePayload } from './payloads.ts';
import type { AttachmentRecord, ChannelRecord, InteractionRecord, World } from './state.ts';
import type {
  AutocompleteSpec,
  ChatInputSpec,
  CommandOptionInput,
  ComponentSpec,
  InteractionContext,
  InteractionHandle,
  SelectSpec,
  StoredMessage,
} from './types.ts';
import type { Notifier } from './waiter.ts';

/** What Discord reports as the bot's permissions in a DM. */
const DM_APP_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions | P.UseExternalEmojis | P.UseApplicationCommands;

export interface InteractionDefaults {
  guildId: string;
  memberUserId: string;
  /** `http://127.0.0.1:PORT`: where attachment URLs point (the emulator's CDN). */
  cdnOrigin: string;
}

type Base = Omit<APIInteraction, 'type' | 'data'> & Record<string, unknown>;

export class InteractionFactory {
  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    private readonly notifier: Notifier,
    private readonly defaults: InteractionDefaults,
  ) {}

  chatInput(spec: ChatInputSpec): InteractionHandle {
    const base = this.base(spec);
    const command = this.command(spec.name, base.guild_id, spec.commandId);
    const given = this.uploadInline(spec.options ?? []);
    if (command.definition) checkAgainstDefinition(command.definition, given, false);
    const options = given.map((o) => toApiOption(o, false));
    const resolved = this.resolve(given, base);
    const data = {
      id: command.id,
      name: spec.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length ? { options } : {}),
      ...(resolved ? { resolved } : {}),
      ...(command.guildId ? { guild_id: command.guildId } : {}),
    };
    return this.dispatch(base, InteractionType.ApplicationCommand, data, null);
  }

  autocomplete(spec: AutocompleteSpec): InteractionHandle {
    const focused = countFocused(spec.options);
    if (focused !== 1) throw new Error(`dispatchAutocomplete: exactly one option must have focused: true (found ${focused})`);
    const base = this.base(spec);
    const command = this.command(spec.name, base.guild_id, spec.commandId);
    if (command.definition) checkAgainstDefinition(command.definition, spec.options, true);
    const data = {
      id: command.id,
      name: spec.name,
      type: ApplicationCommandType.ChatInput,
      options: spec.options.map((o) => toApiOption(o, true)),
      ...(command.guildId ? { guild_id: command.guildId } : {}),
    };
    return this.dispatch(base, InteractionType.ApplicationCommandAutocomplete, data, null);
  }

  button(spec: ComponentSpec): InteractionHandle {
    return this.component(spec, 2, undefined);
  }

  select(spec: SelectSpec): InteractionHandle {
    return this.component(spec, 3, spec.values);
  }

  private component(spec: ComponentSpec, expectedType: number, values: string[] | undefined): InteractionHandle {
    const base = this.base(spec);
    const message = this.componentMessage(spec, base, expectedType);
    const component = findComponent(message.components ?? [], spec.customId);
    if (!component) throw new Error(`dispatch: message ${message.id} has no component with custom_id "${spec.customId}"`);
    if (component.type !== expectedType) throw new Error(`dispatch: component "${spec.customId}" has type ${String(component.type)}, not ${expectedType}`);
    if (component.disabled === true) throw new Error(`dispatch: component "${spec.customId}" is disabled; Discord would not send this interaction`);
    if (values && Array.isArray(component.options)) {
      const allowed = (component.options as { value?: unknown }[]).map((o) => o.value);
      const bad = values.filter((v) => !allowed.includes(v));
      if (bad.length) throw new Error(`dispatch: select "${spec.customId}" has no option(s) ${bad.join(', ')}`);
    }
    const data = { custom_id: spec.customId, component_type: expectedType, ...(values ? { values } : {}) };
    const payload = { ...base, message: messagePayload(message) as APIMessage };
    return this.dispatch(payload, InteractionType.MessageComponent, data, message.id);
  }

  /** The message carrying the component: given, or a fresh bot message with just that component. */
  private componentMessage(spec: ComponentSpec, base: Base, type: number): StoredMessage {
    if (spec.message !== undefined) {
      const id = typeof spec.message === 'string' ? spec.message : spec.message.id;
      const m = this.world.messages.get(id);
      if (!m || m.emu_deleted) throw new Error(`dispatch: unknown or deleted message ${id}`);
      return m;
    }
    const component =
      type === 2
        ? { type: 2, style: 1, custom_id: spec.customId, label: spec.customId }
        : { type: 3, custom_id: spec.customId, options: ((spec as SelectSpec).values ?? []).map((v) => ({ label: v, value: v })), min_values: 1, max_values: 25 };
    const message = newStoredMessage(this.world, {
      channelId: String(base.channel_id),
      guildId: typeof base.guild_id === 'string' ? base.guild_id : null,
      author: this.world.botUser,
      body: { content: 'Fixture message', components: [{ type: 1, components: [component] }] },
      files: [],
      source: 'fixture',
    });
    this.world.addMessage(message);
    return message;
  }

  /** Fields every interaction carries: who, where, permissions, token. */
  private base(ctx: InteractionContext): Base {
    const { world } = this;
    const user = ctx.user ?? world.user(this.defaults.memberUserId);
    if (!world.users.has(user.id)) world.users.set(user.id, user);
    const locale = (ctx.locale ?? 'en-US') as Locale;
    const common = {
      id: snowflake(),
      application_id: world.app.id,
      token: opaqueToken('emu_itx_'),
      version: 1 as const,
      locale,
      entitlements: [],
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    };

    if (ctx.guild === false) {
      const dm = ctx.channelId ? world.channel(ctx.channelId) : world.dmChannelFor(user.id, () => snowflake());
      if (dm.type !== ChannelType.DM) throw new Error(`dispatch: channel ${dm.id} is not a DM channel`);
      return {
        ...common,
        channel_id: dm.id,
        channel: channelPayload(world, dm),
        user,
        app_permissions: (ctx.appPermissions ?? DM_APP_PERMISSIONS).toString(),
        // A guild-installed app used in its bot DM: GUILD_INSTALL maps to "0".
        authorizing_integration_owners: { 0: '0' },
        context: InteractionContextType.BotDM,
      } as Base;
    }

    const guild = world.guild(ctx.guildId ?? this.defaults.guildId);
    const member = guild.members.get(user.id);
    if (!member) throw new Error(`dispatch: user ${user.username} is not a member of guild ${guild.name}`);
    const channel: ChannelRecord = ctx.channelId ? world.channel(ctx.channelId) : (guild.channels.find((c) => c.type === ChannelType.GuildText) ?? fail(`guild ${guild.name} has no text channel`));
    if (channel.type === ChannelType.DM || channel.guildId !== guild.id) throw new Error(`dispatch: channel ${channel.id} is not in guild ${guild.name}`);
    const permissions = ctx.permissions !== undefined ? BigInt(ctx.permissions) : world.permissionsIn(user.id, channel);
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.locale as Locale, features: [] },
      guild_locale: guild.locale as Locale,
      channel_id: channel.id,
      channel: { ...channelPayload(world, channel), permissions: permissions.toString() },
      member: interactionMemberPayload(world, member, permissions),
      app_permissions: (ctx.appPermissions ?? world.permissionsIn(world.botUser.id, channel)).toString(),
      authorizing_integration_owners: { 0: guild.id },
      context: InteractionContextType.Guild,
    } as unknown as Base;
  }

  /**
   * The registered command (guild command first, as Discord resolves them). With nothing
   * registered any name goes and gets a fresh id; once commands are registered, an unknown name is
   * a test bug, because Discord only sends commands it knows.
   */
  private command(name: string, guildId: unknown, explicitId: string | undefined): { id: string; guildId: string | null; definition: APIApplicationCommand | null } {
    const isChatInput = (c: APIApplicationCommand) => c.type === ApplicationCommandType.ChatInput;
    const guildCommands = typeof guildId === 'string' ? (this.world.commands.get(guildId) ?? []).filter(isChatInput) : [];
    const globalCommands = (this.world.commands.get('global') ?? []).filter(isChatInput);
    const guildCmd = guildCommands.find((c) => c.name === name);
    const found = guildCmd ?? globalCommands.find((c) => c.name === name);
    const known = [...guildCommands, ...globalCommands].map((c) => `/${c.name}`);
    if (!found && known.length > 0) throw new Error(`dispatch: /${name} is not registered here (registered: ${known.join(', ')})`);
    return { id: explicitId ?? found?.id ?? snowflake(), guildId: guildCmd ? (guildId as string) : null, definition: found ?? null };
  }

  /** Options with an inline `attachment`: upload each file (as the client does first) and pass its id as the value. */
  private uploadInline(options: CommandOptionInput[]): CommandOptionInput[] {
    return options.map((o) => {
      const { attachment, ...rest } = o;
      if (o.options) rest.options = this.uploadInline(o.options);
      if (!attachment) return rest;
      if (o.type !== 11) throw new Error(`dispatch: option "${o.name}" has an attachment but type ${o.type}, not 11`);
      if (o.value !== undefined) throw new Error(`dispatch: option "${o.name}" gives both a value and an attachment`);
      return { ...rest, value: uploadAttachment(this.world, attachment).id };
    });
  }

  /** `data.resolved` for user/channel/role/mentionable/attachment options, as Discord includes it. */
  private resolve(options: CommandOptionInput[], base: Base): APIInteractionDataResolved | undefined {
    const { world } = this;
    const resolved: Record<string, Record<string, unknown>> = {};
    const put = (kind: string, id: string, value: unknown) => ((resolved[kind] ??= {})[id] = value);
    const guildId = typeof base.guild_id === 'string' ? base.guild_id : undefined;
    const attachments: AttachmentRecord[] = [];
    const walk = (list: CommandOptionInput[]) => {
      for (const o of list) {
        if (o.options) walk(o.options);
        if (typeof o.value !== 'string') continue;
        const id = o.value;
        if (o.type === 11) {
          const record = attachmentForOption(world, id, o.name);
          if (!attachments.includes(record)) attachments.push(record);
          continue;
        }
        if (o.type === 6 || o.type === 9) {
          const user = world.users.get(id);
          if (user) {
            put('users', id, user);
            const member = guildId ? world.guild(guildId).members.get(id) : undefined;
            if (member) {
              const { user: _user, deaf: _deaf, mute: _mute, ...rest } = memberPayload(world, member);
              put('members', id, { ...rest, permissions: world.permissionsIn(id, world.channel(String(base.channel_id))).toString() });
            }
            continue;
          }
        }
        if (o.type === 8 || o.type === 9) {
          const role = guildId ? world.guild(guildId).roles.find((r) => r.id === id) : undefined;
          if (role) {
            put('roles', id, role);
            continue;
          }
        }
        if (o.type === 7) {
          const channel = world.channels.get(id);
          if (channel) {
            const c = channelPayload(world, channel) as unknown as Record<string, unknown>;
            put('channels', id, { id: c.id, name: c.name, type: c.type, permissions: world.permissionsIn(world.botUser.id, channel).toString() });
            continue;
          }
        }
        if (o.type >= 6 && o.type <= 9) throw new Error(`dispatch: option "${o.name}" refers to unknown id ${id}`);
      }
    };
    walk(options);
    // Only now that every option resolved: the uploads belong to this interaction and get signed URLs.
    for (const record of attachments) {
      issueAttachment(record, String(base.id), String(base.channel_id));
      put('attachments', record.id, resolvedAttachmentPayload(record, this.defaults.cdnOrigin));
    }
    return Object.keys(resolved).length ? (resolved as APIInteractionDataResolved) : undefined;
  }

  private dispatch(base: Base, type: InteractionType, data: unknown, componentMessageId: string | null): InteractionHandle {
    const payload = { ...base, type, data } as unknown as APIInteraction;
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type,
      payload,
      createdAt: Date.now(),
      channelId: String(base.channel_id),
      guildId: typeof base.guild_id === 'string' ? base.guild_id : null,
      userId: (base.member?.user ?? base.user)?.id ?? this.defaults.memberUserId,
      callbackType: null,
      originalMessageId: null,
      componentMessageId,
      followUpIds: [],
      callbacks: [],
      edits: [],
    };
    this.world.addInteraction(record);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return makeHandle(record, this.world, this.notifier);
  }
}

function fail(message: string): never {
  throw new Error(`dispatch: ${message}`);
}

/** Depth-first search for a component by custom_id (works for classic rows and Components V2). */
function findComponent(components: unknown[], customId: string): Record<string, unknown> | undefined {
  for (const c of components) {
    if (!isObject(c)) continue;
    if (c.custom_id === customId) return c;
    for (const key of ['components', 'accessory'] as const) {
      const child = c[key];
      const found = findComponent(Array.isArray(child) ? child : child ? [child] : [], customId);
      if (found) return found;
    }
  }
  return undefined;
}

function makeHandle(record: InteractionRecord, world: World, notifier: Notifier): InteractionHandle {
  const label = `interaction ${record.id} (${describe(record.payload)})`;
  return {
    id: record.id,
    token: record.token,
    payload: record.payload,
    get callbacks() {
      return record.callbacks;
    },
    callback: (o) => notifier.waitFor(`the callback of ${label}`, () => record.callbacks[0], o),
    original: (o) =>
      notifier.waitFor(`the @original message of ${label}${o?.where ? ' matching the predicate' : ''}`, () => {
        const m = record.originalMessageId ? world.messages.get(record.originalMessageId) : undefined;
        return m && (!o?.where || o.where(m)) ? structuredClone(m) : undefined;
      }, o),
    edits: (count, o) => notifier.waitFor(`${count} edit(s) of ${label}`, () => (record.edits.length >= count ? [...record.edits] : undefined), o),
    followUps: (count, o) =>
      notifier.waitFor(`${count} follow-up(s) of ${label}`, () => {
        if (record.followUpIds.length < count) return undefined;
        return record.followUpIds.map((id) => world.messages.get(id)).filter((m): m is StoredMessage => m !== undefined).map((m) => structuredClone(m));
      }, o),
  };
}

function describe(payload: APIInteraction): string {
  const data = payload.data as Record<string, unknown> | undefined;
  if (payload.type === InteractionType.MessageComponent) return `component ${String(data?.custom_id)}`;
  return `${payload.type === InteractionType.ApplicationCommandAutocomplete ? 'autocomplete' : 'command'} /${String(data?.name)}`;
}
