/**
 * REST routes about the bot and its world: gateway discovery, users, the application, its
 * slash-command registrations (global and per guild), and guild look-ups.
 */
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { errors } from './errors.ts';
import type { Route, RouteRequest } from './http.ts';
import { route } from './http.ts';
import { snowflake } from './ids.ts';
import { validateCommands } from './limits.ts';
import { applicationPayload, channelPayload, guildPayload, memberPayload, selfUserPayload } from './payloads.ts';
import type { World } from './state.ts';

export interface RouteDeps {
  world: World;
  /** ws://127.0.0.1:PORT/gateway */
  gatewayUrl: string;
  /** GET /gateway/bot's `shards`: the shard count Discord recommends. */
  recommendedShards: number;
  /** Deadline for an interaction's first callback (0 = none). */
  ackTimeoutMs: number;
}

export function appRoutes({ world, gatewayUrl, recommendedShards }: RouteDeps): Route[] {
  const ownApp = (req: RouteRequest) => {
    // Another application's commands are simply not visible to this token.
    if (req.params.appId !== world.app.id) throw errors.missingAccess();
  };
  const scopeOf = (req: RouteRequest): string => {
    if (!req.params.guildId) return 'global';
    if (!world.guilds.has(req.params.guildId)) throw errors.missingAccess();
    return req.params.guildId;
  };

  /** Discord keeps a command's id when a bulk overwrite re-sends the same name and type. */
  const toStored = (scope: string, def: Record<string, unknown>, previous: APIApplicationCommand[]): APIApplicationCommand => {
    const type = (def.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
    const existing = previous.find((c) => c.name === def.name && c.type === type);
    const cmd: Record<string, unknown> = {
      id: existing?.id ?? snowflake(),
      application_id: world.app.id,
      version: snowflake(),
      type,
      name: def.name,
      name_localizations: def.name_localizations ?? null,
      description: def.description ?? '',
      description_localizations: def.description_localizations ?? null,
      default_member_permissions: def.default_member_permissions ?? null,
      nsfw: def.nsfw ?? false,
      integration_types: def.integration_types ?? [0],
      contexts: def.contexts ?? null,
      ...(def.options !== undefined ? { options: structuredClone(def.options) } : {}),
      ...(scope === 'global' ? { dm_permission: def.dm_permission ?? true } : { guild_id: scope }),
    };
    return cmd as unknown as APIApplicationCommand;
  };

  const commandsRoutes = (prefix: string): Route[] => [
    route('GET', `${prefix}/commands`, true, (req) => {
      ownApp(req);
      return { status: 200, body: world.commands.get(scopeOf(req)) ?? [] };
    }),
    route('PUT', `${prefix}/commands`, true, (req) => {
      ownApp(req);
      const scope = scopeOf(req);
      const defs = validateCommands(req.body, true);
      const previous = world.commands.get(scope) ?? [];
      const stored = defs.map((d) => toStored(scope, d, previous));
      world.commands.set(scope, stored);
      world.changed();
      return { status: 200, body: stored };
    }),
    route('POST', `${prefix}/commands`, true, (req) => {
      ownApp(req);
      const scope = scopeOf(req);
      const [def] = validateCommands([req.body], false);
      const previous = world.commands.get(scope) ?? [];
      const cmd = toStored(scope, def ?? {}, previous);
      const replaced = previous.some((c) => c.id === cmd.id);
      world.commands.set(scope, [...previous.filter((c) => c.id !== cmd.id), cmd]);
      world.changed();
      // 201 when created, 200 when an existing name was overwritten (Discord's upsert).
      return { status: replaced ? 200 : 201, body: cmd };
    }),
    route('GET', `${prefix}/commands/:commandId`, true, (req) => {
      ownApp(req);
      const cmd = (world.commands.get(scopeOf(req)) ?? []).find((c) => c.id === req.params.commandId);
      if (!cmd) throw errors.unknownCommand();
      return { status: 200, body: cmd };
    }),
    route('DELETE', `${prefix}/commands/:commandId`, true, (req) => {
      ownApp(req);
      const scope = scopeOf(req);
      const list = world.commands.get(scope) ?? [];
      if (!list.some((c) => c.id === req.params.commandId)) throw errors.unknownCommand();
      world.commands.set(scope, list.filter((c) => c.id !== req.params.commandId));
      world.changed();
      return { status: 204 };
    }),
  ];

  const guildOf = (req: RouteRequest) => world.guild(req.params.guildId ?? '');

  return [
    route('GET', '/gateway', false, () => ({ status: 200, body: { url: gatewayUrl } })),
    route('GET', '/gateway/bot', true, () => ({
      status: 200,
      body: {
        url: gatewayUrl,
        shards: recommendedShards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      },
    })),
    route('GET', '/users/@me', true, () => ({ status: 200, body: selfUserPayload(world.botUser) })),
    route('GET', '/users/:userId', true, (req) => ({ status: 200, body: world.user(req.params.userId ?? '') })),
    route('POST', '/users/@me/channels', true, (req) => {
      const recipient = (req.body as { recipient_id?: unknown } | undefined)?.recipient_id;
      if (typeof recipient !== 'string' || !world.users.has(recipient)) throw errors.unknownUser();
      return { status: 200, body: channelPayload(world, world.dmChannelFor(recipient, () => snowflake())) };
    }),
    route('GET', '/applications/@me', true, () => {
      const owner = world.app.owner?.userId ?? [...world.guilds.values()][0]?.ownerId;
      return { status: 200, body: applicationPayload(world, owner ? world.user(owner) : world.botUser, world.app.owner?.team ?? false) };
    }),
    ...commandsRoutes('/applications/:appId'),
    ...commandsRoutes('/applications/:appId/guilds/:guildId'),
    route('GET', '/guilds/:guildId', true, (req) => {
      const guild = guildOf(req);
      const counts = req.query.with_counts === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
      return { status: 200, body: { ...guildPayload(guild), ...counts } };
    }),
    route('GET', '/guilds/:guildId/channels', true, (req) => ({ status: 200, body: guildOf(req).channels.map((c) => channelPayload(world, c)) })),
    route('GET', '/guilds/:guildId/roles', true, (req) => ({ status: 200, body: guildOf(req).roles })),
    route('GET', '/guilds/:guildId/members/:userId', true, (req) => {
      const member = guildOf(req).members.get(req.params.userId ?? '');
      if (!member) throw errors.unknownMember();
      return { status: 200, body: memberPayload(world, member) };
    }),
  ];
}
