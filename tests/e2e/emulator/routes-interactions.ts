/**
 * Interaction responses: the initial callback (once per interaction, within the ack deadline,
 * with a type valid for the interaction's kind) and the interaction webhook (follow-ups and
 * GET/PATCH/DELETE of @original or a follow-up). Discord authenticates these by the token in the
 * path, not the Authorization header.
 */
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { errors } from './errors.ts';
import type { Route, RouteRequest } from './http.ts';
import { route } from './http.ts';
import { FormErrors, isObject, validateAutocompleteData, validateMessageBody, validateModalData } from './limits.ts';
import { applyEdit, newStoredMessage } from './messages.ts';
import { messagePayload } from './payloads.ts';
import type { RouteDeps } from './routes-app.ts';
import type { InteractionRecord } from './state.ts';
import type { RecordedCallback, StoredMessage } from './types.ts';

const T = InteractionResponseType;

/** Callback types Discord accepts per interaction type. */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  [InteractionType.ApplicationCommand]: [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource, T.Modal, T.LaunchActivity],
  [InteractionType.MessageComponent]: [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource, T.DeferredMessageUpdate, T.UpdateMessage, T.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [T.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource, T.DeferredMessageUpdate, T.UpdateMessage],
};
const KNOWN_CALLBACKS = [1, 4, 5, 6, 7, 8, 9, 10, 12];

export function interactionRoutes({ world, ackTimeoutMs }: RouteDeps): Route[] {
  const createResponseMessage = (itx: InteractionRecord, body: Record<string, unknown>, files: RouteRequest['files'], loading: boolean, source: StoredMessage['emu_source'], originalId?: string): StoredMessage => {
    const message = newStoredMessage(world, {
      channelId: itx.channelId,
      guildId: itx.guildId,
      author: world.botUser,
      body,
      files,
      source,
      interaction: itx,
      loading,
      allowEphemeral: true,
      ...(originalId ? { originalId } : {}),
    });
    world.addMessage(message);
    return message;
  };

  const callback = (req: RouteRequest) => {
    const itx = world.interactionsByToken.get(req.params.token ?? '');
    if (!itx || itx.id !== req.params.interactionId) throw errors.unknownInteraction();
    if (itx.callbackType !== null) throw errors.alreadyAcknowledged();
    // After the deadline Discord has already shown "The application did not respond".
    if (ackTimeoutMs > 0 && Date.now() - itx.createdAt > ackTimeoutMs) throw errors.unknownInteraction();

    const body = req.body;
    const e = new FormErrors();
    if (!isObject(body)) {
      e.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      e.throwIfAny();
      return { status: 500 };
    }
    const type = body.type;
    if (typeof type !== 'number' || !KNOWN_CALLBACKS.includes(type)) {
      e.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of {${KNOWN_CALLBACKS.join(', ')}}.`);
    } else if (!(ALLOWED_CALLBACKS[itx.type] ?? []).includes(type)) {
      e.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Interaction callback type ${type} is not valid for interaction type ${itx.type}.`);
    }
    e.throwIfAny();
    const data = isObject(body.data) ? body.data : undefined;
    if (body.data !== undefined && data === undefined) {
      e.add(['data'], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      e.throwIfAny();
    }

    let message: StoredMessage | undefined;
    switch (type) {
      case T.ChannelMessageWithSource:
        validateMessageBody(data ?? {}, { fileCount: req.files.length });
        message = createResponseMessage(itx, data ?? {}, req.files, false, 'interaction-response');
        itx.originalMessageId = message.id;
        break;
      case T.DeferredChannelMessageWithSource:
        // Only the EPHEMERAL flag means anything here; the message is a "thinking…" placeholder.
        message = createResponseMessage(itx, { flags: (typeof data?.flags === 'number' ? data.flags : 0) & MessageFlags.Ephemeral }, [], true, 'interaction-response');
        itx.originalMessageId = message.id;
        break;
      case T.DeferredMessageUpdate:
        itx.originalMessageId = itx.componentMessageId;
        break;
      case T.UpdateMessage: {
        const target = itx.componentMessageId ? world.messages.get(itx.componentMessageId) : undefined;
        if (!target) throw errors.unknownMessage();
        validateMessageBody(data ?? {}, { edit: true });
        applyEdit(world, target, data ?? {}, req.files, itx.guildId);
        itx.originalMessageId = target.id;
        message = target;
        break;
      }
      case T.ApplicationCommandAutocompleteResult:
        validateAutocompleteData(data);
        break;
      case T.Modal:
        validateModalData(data);
        break;
    }

    const record: RecordedCallback = {
      interactionId: itx.id,
      type: type as number,
      data: data ? structuredClone(data) : undefined,
      withResponse: req.query.with_response === 'true',
      files: req.files,
      at: Date.now(),
    };
    itx.callbackType = record.type;
    itx.callbacks.push(record);
    world.callbacks.push(record);
    world.changed();

    if (!record.withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: itx.id,
          type: itx.type,
          response_message_id: message?.id,
          response_message_loading: message ? ((message.flags ?? 0) & MessageFlags.Loading) !== 0 : undefined,
          response_message_ephemeral: message ? ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0 : undefined,
        },
        resource: { type: record.type, ...(message ? { message: messagePayload(message) } : {}) },
      },
    };
  };

  /** The interaction behind a webhook URL; autocomplete interactions have no webhook. */
  const webhookInteraction = (req: RouteRequest): InteractionRecord => {
    const itx = world.interactionsByToken.get(req.params.token ?? '');
    if (!itx || req.params.appId !== world.app.id || itx.type === InteractionType.ApplicationCommandAutocomplete) throw errors.unknownWebhook();
    // Until the interaction is acknowledged there is no webhook to post to.
    if (itx.callbackType === null) throw errors.unknownWebhook();
    return itx;
  };

  const webhookMessage = (req: RouteRequest): { itx: InteractionRecord; message: StoredMessage; target: '@original' | 'follow-up' } => {
    const itx = webhookInteraction(req);
    const ref = req.params.messageId ?? '';
    const id = ref === '@original' ? itx.originalMessageId : ref;
    const isOwn = id !== null && (id === itx.originalMessageId || itx.followUpIds.includes(id));
    const message = id && isOwn ? world.messages.get(id) : undefined;
    if (!message || message.emu_deleted) throw errors.unknownMessage();
    return { itx, message, target: id === itx.originalMessageId ? '@original' : 'follow-up' };
  };

  return [
    route('POST', '/interactions/:interactionId/:token/callback', false, callback),

    route('POST', '/webhooks/:appId/:token', false, (req) => {
      const itx = webhookInteraction(req);
      const body = validateMessageBody(req.body, { fileCount: req.files.length });
      const message = createResponseMessage(itx, body, req.files, false, 'follow-up', itx.originalMessageId ?? undefined);
      itx.followUpIds.push(message.id);
      world.changed();
      return req.query.wait === 'true' ? { status: 200, body: messagePayload(message) } : { status: 204 };
    }),

    route('GET', '/webhooks/:appId/:token/messages/:messageId', false, (req) => ({ status: 200, body: messagePayload(webhookMessage(req).message) })),

    route('PATCH', '/webhooks/:appId/:token/messages/:messageId', false, (req) => {
      const { itx, message, target } = webhookMessage(req);
      const body = validateMessageBody(req.body, { edit: true });
      applyEdit(world, message, body, req.files, itx.guildId);
      itx.edits.push({ interactionId: itx.id, messageId: message.id, target, body: structuredClone(body), at: Date.now() });
      world.changed();
      return { status: 200, body: messagePayload(message) };
    }),

    route('DELETE', '/webhooks/:appId/:token/messages/:messageId', false, (req) => {
      webhookMessage(req).message.emu_deleted = true;
      world.changed();
      return { status: 204 };
    }),
  ];
}
