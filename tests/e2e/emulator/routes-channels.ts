/**
 * Channel routes: reading channels and posting/editing/deleting messages as the bot, with the
 * permission checks Discord applies (View Channel → 50001, Send Messages → 50013) and nonce
 * deduplication (`enforce_nonce: true` returns the earlier message instead of a duplicate).
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { FormErrorTree } from './errors.ts';
import { errors } from './errors.ts';
import type { Route, RouteRequest } from './http.ts';
import { route } from './http.ts';
import { validateMessageBody } from './limits.ts';
import { applyEdit, newStoredMessage } from './messages.ts';
import { channelPayload, messagePayload } from './payloads.ts';
import type { RouteDeps } from './routes-app.ts';
import type { ChannelRecord } from './state.ts';

export function channelRoutes({ world }: RouteDeps): Route[] {
  const botId = world.botUser.id;
  const guildIdOf = (c: ChannelRecord) => (c.type === ChannelType.DM ? null : c.guildId);

  /** The channel, if the bot can see it (Discord answers 50001 Missing Access otherwise). */
  const visibleChannel = (req: RouteRequest): ChannelRecord => {
    const channel = world.channel(req.params.channelId ?? '');
    if (!(world.permissionsIn(botId, channel) & PermissionFlagsBits.ViewChannel)) throw errors.missingAccess();
    return channel;
  };

  return [
    route('GET', '/channels/:channelId', true, (req) => ({ status: 200, body: channelPayload(world, visibleChannel(req)) })),

    route('POST', '/channels/:channelId/typing', true, (req) => {
      visibleChannel(req);
      return { status: 204 };
    }),

    route('POST', '/channels/:channelId/messages', true, (req) => {
      const channel = visibleChannel(req);
      if (channel.type === ChannelType.GuildCategory) throw errors.nonTextChannel();
      if (!(world.permissionsIn(botId, channel) & PermissionFlagsBits.SendMessages)) throw errors.missingPermissions();
      const body = validateMessageBody(req.body, { fileCount: req.files.length });

      const ref = body.message_reference as { message_id?: string; fail_if_not_exists?: boolean } | undefined;
      if (ref?.message_id && !world.messages.has(ref.message_id) && ref.fail_if_not_exists !== false) {
        const tree: FormErrorTree = { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } };
        throw errors.invalidFormBody(tree);
      }

      const nonceKey = body.nonce !== undefined && body.nonce !== null ? `${channel.id}:${botId}:${String(body.nonce)}` : undefined;
      if (nonceKey && body.enforce_nonce === true) {
        const earlier = world.nonces.get(nonceKey);
        const message = earlier ? world.messages.get(earlier) : undefined;
        if (message && !message.emu_deleted) return { status: 200, body: messagePayload(message) };
      }

      const message = newStoredMessage(world, {
        channelId: channel.id,
        guildId: guildIdOf(channel),
        author: world.botUser,
        body,
        files: req.files,
        source: 'channel',
      });
      if (nonceKey) world.nonces.set(nonceKey, message.id);
      world.addMessage(message);
      return { status: 200, body: messagePayload(message) };
    }),

    route('GET', '/channels/:channelId/messages', true, (req) => {
      const channel = visibleChannel(req);
      const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 50) || 50));
      const newestFirst = world.visibleMessages(channel.id).reverse();
      return { status: 200, body: newestFirst.slice(0, limit).map(messagePayload) };
    }),

    route('GET', '/channels/:channelId/messages/:messageId', true, (req) => {
      const channel = visibleChannel(req);
      return { status: 200, body: messagePayload(world.message(channel.id, req.params.messageId ?? '')) };
    }),

    route('PATCH', '/channels/:channelId/messages/:messageId', true, (req) => {
      const channel = visibleChannel(req);
      const message = world.message(channel.id, req.params.messageId ?? '');
      if (message.author.id !== botId) throw errors.cannotEditOthersMessage();
      const body = validateMessageBody(req.body, { edit: true });
      applyEdit(world, message, body, req.files, guildIdOf(channel));
      world.changed();
      return { status: 200, body: messagePayload(message) };
    }),

    route('DELETE', '/channels/:channelId/messages/:messageId', true, (req) => {
      const channel = visibleChannel(req);
      const message = world.message(channel.id, req.params.messageId ?? '');
      if (message.author.id !== botId && !(world.permissionsIn(botId, channel) & PermissionFlagsBits.ManageMessages)) {
        throw errors.missingPermissions();
      }
      message.emu_deleted = true;
      world.changed();
      return { status: 204 };
    }),
  ];
}
