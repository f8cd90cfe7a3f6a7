/**
 * Discord's error responses, byte-for-byte in shape: `{ message, code }` plus `errors` for form
 * validation. Route handlers throw `ApiError`; the HTTP layer turns it into the response.
 */

/** Nested error tree of a 50035 "Invalid Form Body": `{ field: { 0: { title: { _errors: [...] } } } }`. */
export interface FormErrorTree {
  _errors?: { code: string; message: string }[];
  [key: string]: FormErrorTree | { code: string; message: string }[] | undefined;
}

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: FormErrorTree;
  retry_after?: number;
  global?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
    /** Extra response headers (Retry-After for 429s). */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${body.message} (code ${body.code})`);
    this.name = 'ApiError';
  }
}

/** Messages Discord uses for the JSON error codes the emulator can produce or inject. */
export const DISCORD_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  0: 'General error',
  10003: 'Unknown Channel',
  10004: 'Unknown Guild',
  10007: 'Unknown Member',
  10008: 'Unknown Message',
  10013: 'Unknown User',
  10015: 'Unknown Webhook',
  10062: 'Unknown interaction',
  10063: 'Unknown application command',
  20012: 'You are not authorized to perform this action on this application',
  40060: 'Interaction has already been acknowledged.',
  50001: 'Missing Access',
  50005: 'Cannot edit a message authored by another user',
  50006: 'Cannot send an empty message',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50035: 'Invalid Form Body',
  50041: 'Invalid API version provided.',
  50109: 'The request body contains invalid JSON.',
  130000: 'API resource is currently overloaded. Try again a little later.',
};

/** The HTTP status Discord pairs with a JSON error code (used when a fault gives only the code). */
export function statusForCode(code: number): number {
  if (code >= 10000 && code < 20000) return 404;
  if (code === 50001 || code === 50013 || code === 20012) return 403;
  if (code === 130000) return 503;
  return 400;
}

export function discordError(code: number, status = statusForCode(code), message?: string): ApiError {
  return new ApiError(status, { message: message ?? DISCORD_ERROR_MESSAGES[code] ?? 'Unknown error', code });
}

export const errors = {
  unauthorized: () => new ApiError(401, { message: '401: Unauthorized', code: 0 }),
  notFound: () => new ApiError(404, { message: '404: Not Found', code: 0 }),
  methodNotAllowed: () => new ApiError(405, { message: '405: Method Not Allowed', code: 0 }),
  unknownChannel: () => discordError(10003),
  unknownGuild: () => discordError(10004),
  unknownMember: () => discordError(10007),
  unknownMessage: () => discordError(10008),
  unknownUser: () => discordError(10013),
  unknownWebhook: () => discordError(10015),
  unknownInteraction: () => discordError(10062),
  unknownCommand: () => discordError(10063),
  notAuthorizedForApplication: () => discordError(20012),
  alreadyAcknowledged: () => discordError(40060),
  missingAccess: () => discordError(50001),
  emptyMessage: () => discordError(50006),
  nonTextChannel: () => discordError(50008),
  missingPermissions: () => discordError(50013),
  cannotEditOthersMessage: () => discordError(50005, 403),
  invalidApiVersion: () => discordError(50041),
  invalidJson: () => discordError(50109),
  invalidFormBody: (tree: FormErrorTree) =>
    new ApiError(400, { message: 'Invalid Form Body', code: 50035, errors: tree }),
  rateLimited: (retryAfterSeconds: number, global: boolean) =>
    new ApiError(
      429,
      { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global, code: 0 },
      {
        // Discord rounds the header up to whole seconds; the emulator keeps fractions so tests stay fast.
        'Retry-After': String(retryAfterSeconds),
        'X-RateLimit-Scope': global ? 'global' : 'user',
        ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
      },
    ),
};
