/**
 * What Discord refuses. Each validator adds to a `FormErrors` collector using Discord's own error
 * codes and wording, so a bot that oversteps a limit gets the same 400 it would get in production
 * (`{ code: 50035, message: 'Invalid Form Body', errors: {...} }`) and the test fails loudly.
 * Limits: https://discord.com/developers/docs/resources/message#create-message and the embed,
 * component and application-command pages.
 */
import type { FormErrorTree } from './errors.ts';
import { errors as apiErrors } from './errors.ts';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  nonce: 25,
  allowedMentionIds: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commandTotalChars: 4000,
  chatInputCommands: 100,
  modalTitle: 45,
  buttonUrl: 512,
  embedUrl: 2048,
} as const;

/** Discord's URL check, roughly: a scheme it allows and no white space or control characters anywhere. */
function wellFormedUrl(value: string, schemes: RegExp): boolean {
  // eslint-disable-next-line no-control-regex
  if (!schemes.test(value) || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

type Path = (string | number)[];

/** Collects errors into Discord's nested `{ a: { 0: { b: { _errors: [...] } } } }` tree. */
export class FormErrors {
  readonly tree: FormErrorTree = {};
  private count = 0;

  add(path: Path, code: string, message: string): void {
    let node: FormErrorTree = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (next === undefined || Array.isArray(next)) {
        const created: FormErrorTree = {};
        node[k] = created;
        node = created;
      } else {
        node = next;
      }
    }
    (node._errors ??= []).push({ code, message });
    this.count++;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Throw Discord's 400 50035 if anything was collected. */
  throwIfAny(): void {
    if (!this.empty) throw apiErrors.invalidFormBody(this.tree);
  }
}

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function maxLength(e: FormErrors, path: Path, value: unknown, max: number, required = false): number {
  if (value === undefined || value === null) {
    if (required) e.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (typeof value !== 'string') {
    e.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  if (required && value.length === 0) e.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  if (value.length > max) e.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return value.length;
}

function arrayMax(e: FormErrors, path: Path, value: unknown, max: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    e.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (value.length > max) e.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return value;
}

/** Validate embeds; returns their total character count (Discord caps the sum at 6000). */
function validateEmbeds(e: FormErrors, embeds: unknown[]): void {
  let total = 0;
  embeds.forEach((raw, i) => {
    const p: Path = ['embeds', i];
    if (!isObject(raw)) {
      e.add(p, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    total += maxLength(e, [...p, 'title'], raw.title, LIMITS.embedTitle);
    total += maxLength(e, [...p, 'description'], raw.description, LIMITS.embedDescription);
    if (raw.url !== undefined && (typeof raw.url !== 'string' || !wellFormedUrl(raw.url, /^https?:\/\//))) {
      e.add([...p, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    } else if (typeof raw.url === 'string' && raw.url.length > LIMITS.embedUrl) {
      e.add([...p, 'url'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embedUrl} or fewer in length.`);
    }
    if (raw.color !== undefined && raw.color !== null && (!Number.isInteger(raw.color) || (raw.color as number) < 0 || (raw.color as number) > 0xffffff)) {
      e.add([...p, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
    if (raw.footer !== undefined) {
      if (!isObject(raw.footer)) e.add([...p, 'footer'], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      else total += maxLength(e, [...p, 'footer', 'text'], raw.footer.text, LIMITS.footerText, true);
    }
    if (raw.author !== undefined) {
      if (!isObject(raw.author)) e.add([...p, 'author'], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      else total += maxLength(e, [...p, 'author', 'name'], raw.author.name, LIMITS.authorName, true);
    }
    arrayMax(e, [...p, 'fields'], raw.fields, LIMITS.embedFields).forEach((field, j) => {
      const fp: Path = [...p, 'fields', j];
      if (!isObject(field)) {
        e.add(fp, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
        return;
      }
      total += maxLength(e, [...fp, 'name'], field.name, LIMITS.fieldName, true);
      total += maxLength(e, [...fp, 'value'], field.value, LIMITS.fieldValue, true);
      if (field.inline !== undefined && typeof field.inline !== 'boolean') e.add([...fp, 'inline'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    });
  });
  if (total > LIMITS.embedTotal) {
    e.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
}

/** Classic (non-V2) components: ≤5 action rows of ≤5 buttons or one select menu each. */
function validateComponents(e: FormErrors, rows: unknown[]): void {
  const customIds = new Set<string>();
  const checkCustomId = (path: Path, id: unknown) => {
    if (maxLength(e, path, id, LIMITS.customId, true) === 0) return;
    if (customIds.has(id as string)) e.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    customIds.add(id as string);
  };
  rows.forEach((row, i) => {
    const p: Path = ['components', i];
    if (!isObject(row) || row.type !== 1) {
      e.add([...p, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = arrayMax(e, [...p, 'components'], row.components, LIMITS.rowButtons);
    if (children.length === 0) e.add([...p, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    const hasSelect = children.some((c) => isObject(c) && c.type !== 2);
    if (hasSelect && children.length > 1) {
      e.add([...p, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((c, j) => {
      const cp: Path = [...p, 'components', j];
      if (!isObject(c)) {
        e.add(cp, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
        return;
      }
      if (c.type === 2) {
        const style = c.style;
        if (typeof style !== 'number' || style < 1 || style > 6) {
          e.add([...cp, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
        }
        maxLength(e, [...cp, 'label'], c.label, LIMITS.buttonLabel);
        if (c.label === undefined && c.emoji === undefined) e.add([...cp, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required');
        if (style === 5) {
          if (typeof c.url !== 'string') e.add([...cp, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
          else if (c.url.length > LIMITS.buttonUrl) e.add([...cp, 'url'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.buttonUrl} or fewer in length.`);
          else if (!wellFormedUrl(c.url, /^(https?|discord):\/\//)) e.add([...cp, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
          if (c.custom_id !== undefined) e.add([...cp, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be set on a link button');
        } else if (style !== 6) {
          checkCustomId([...cp, 'custom_id'], c.custom_id);
        }
      } else if (c.type === 3 || (typeof c.type === 'number' && c.type >= 5 && c.type <= 8)) {
        checkCustomId([...cp, 'custom_id'], c.custom_id);
        if (c.type === 3) {
          const options = arrayMax(e, [...cp, 'options'], c.options, LIMITS.selectOptions);
          if (options.length === 0) e.add([...cp, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
        }
      } else {
        e.add([...cp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
      }
    });
  });
}

const MENTION_TYPES = new Set(['roles', 'users', 'everyone']);

function validateAllowedMentions(e: FormErrors, am: unknown): void {
  if (am === undefined || am === null) return;
  if (!isObject(am)) {
    e.add(['allowed_mentions'], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const parse = arrayMax(e, ['allowed_mentions', 'parse'], am.parse, 3);
  parse.forEach((v, i) => {
    if (typeof v !== 'string' || !MENTION_TYPES.has(v)) e.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
  });
  for (const kind of ['users', 'roles'] as const) {
    const ids = arrayMax(e, ['allowed_mentions', kind], am[kind], LIMITS.allowedMentionIds);
    if (ids.length > 0 && parse.includes(kind)) {
      e.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
    }
  }
}

export interface MessageBodyContext {
  /** PATCH: fields are optional and only present ones are checked. */
  edit?: boolean;
  /** Number of files uploaded with the request (a file alone makes a message non-empty). */
  fileCount?: number;
}

/**
 * Validate a create/edit-message body (channel messages, webhook executes, interaction callback
 * data). Throws ApiError 400 50035 on limit violations, 50006 when a new message would be empty.
 */
export function validateMessageBody(body: unknown, ctx: MessageBodyContext = {}): Json {
  if (!isObject(body)) throw apiErrors.invalidFormBody({ _errors: [{ code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }] });
  const e = new FormErrors();
  maxLength(e, ['content'], body.content, LIMITS.content);
  const embeds = arrayMax(e, ['embeds'], body.embeds, LIMITS.embeds);
  validateEmbeds(e, embeds);
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const componentsV2 = (flags & (1 << 15)) !== 0;
  // Components V2 has its own, much larger schema; only the classic layout is checked here.
  const components = arrayMax(e, ['components'], body.components, componentsV2 ? 40 : LIMITS.actionRows);
  if (!componentsV2) validateComponents(e, components);
  validateAllowedMentions(e, body.allowed_mentions);
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') maxLength(e, ['nonce'], body.nonce, LIMITS.nonce);
    else if (!Number.isInteger(body.nonce)) e.add(['nonce'], 'BASE_TYPE_STRING', 'Must be a string or an integer.');
  }
  if (body.tts !== undefined && typeof body.tts !== 'boolean') e.add(['tts'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  if (body.flags !== undefined && body.flags !== null && !Number.isInteger(body.flags)) e.add(['flags'], 'NUMBER_TYPE_COERCE', 'Value is not int.');
  e.throwIfAny();

  if (!ctx.edit) {
    const hasContent = typeof body.content === 'string' && body.content.trim().length > 0;
    const nonEmpty = hasContent || embeds.length > 0 || components.length > 0 || (ctx.fileCount ?? 0) > 0 || body.poll !== undefined || Array.isArray(body.sticker_ids);
    if (!nonEmpty) throw apiErrors.emptyMessage();
  }
  return body;
}

/** Autocomplete result (callback type 8): ≤25 choices, name 1–100, string value ≤100 chars. */
export function validateAutocompleteData(data: unknown): void {
  const e = new FormErrors();
  if (!isObject(data)) {
    e.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    e.throwIfAny();
    return;
  }
  if (!Array.isArray(data.choices)) e.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  arrayMax(e, ['data', 'choices'], data.choices, LIMITS.choices).forEach((c, i) => {
    const p: Path = ['data', 'choices', i];
    if (!isObject(c)) {
      e.add(p, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const n = maxLength(e, [...p, 'name'], c.name, LIMITS.choiceName, true);
    if (n === 0 && typeof c.name === 'string') e.add([...p, 'name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.choiceName} in length.`);
    if (typeof c.value === 'string') maxLength(e, [...p, 'value'], c.value, LIMITS.choiceValue);
    else if (typeof c.value !== 'number' || !Number.isFinite(c.value)) e.add([...p, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
  e.throwIfAny();
}

/** Modal (callback type 9): custom_id, title ≤45, 1–5 top-level components. */
export function validateModalData(data: unknown): void {
  const e = new FormErrors();
  if (!isObject(data)) {
    e.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    maxLength(e, ['data', 'custom_id'], data.custom_id, LIMITS.customId, true);
    maxLength(e, ['data', 'title'], data.title, LIMITS.modalTitle, true);
    const components = arrayMax(e, ['data', 'components'], data.components, 5);
    if (components.length === 0) e.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  }
  e.throwIfAny();
}

// Discord's documented name pattern; \p{Ll}-only is enforced separately (upper-case letters are refused).
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(e: FormErrors, path: Path, name: unknown, lowercase: boolean): number {
  if (typeof name !== 'string' || name.length === 0) {
    e.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (name.length > LIMITS.commandName) e.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.commandName} in length.`);
  else if (lowercase && (!COMMAND_NAME.test(name) || name !== name.toLowerCase())) {
    e.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  return name.length;
}

function validateDescription(e: FormErrors, path: Path, description: unknown): number {
  if (typeof description !== 'string' || description.length === 0 || description.length > LIMITS.commandDescription) {
    e.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.commandDescription} in length.`);
    return typeof description === 'string' ? description.length : 0;
  }
  return description.length;
}

/** Option list (recursive for sub-commands); returns the character count Discord caps at 4000. */
function validateOptions(e: FormErrors, path: Path, options: unknown, depth: number): number {
  let chars = 0;
  let sawOptional = false;
  const names = new Set<string>();
  arrayMax(e, path, options, LIMITS.commandOptions).forEach((o, i) => {
    const p: Path = [...path, i];
    if (!isObject(o)) {
      e.add(p, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const type = o.type;
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 11) {
      e.add([...p, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
      return;
    }
    chars += validateName(e, [...p, 'name'], o.name, true);
    chars += validateDescription(e, [...p, 'description'], o.description);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) e.add([...p, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(o.name);
    }
    const isSub = type === 1 || type === 2;
    if (isSub) {
      if (depth >= (type === 2 ? 1 : 2)) e.add([...p, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
      chars += validateOptions(e, [...p, 'options'], o.options, depth + 1);
      return;
    }
    if (o.required === true && sawOptional) e.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    if (o.required !== true) sawOptional = true;
    const choices = arrayMax(e, [...p, 'choices'], o.choices, LIMITS.choices);
    if (choices.length > 0 && o.autocomplete === true) e.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be set with choices');
    choices.forEach((c, j) => {
      if (!isObject(c)) return;
      chars += maxLength(e, [...p, 'choices', j, 'name'], c.name, LIMITS.choiceName, true);
      if (typeof c.value === 'string') chars += maxLength(e, [...p, 'choices', j, 'value'], c.value, LIMITS.choiceValue);
    });
    if (o.max_length !== undefined && (typeof o.max_length !== 'number' || o.max_length < 1 || o.max_length > 6000)) {
      e.add([...p, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
    }
  });
  if (Array.isArray(options)) {
    const types = (options as unknown[]).map((o) => (isObject(o) ? o.type : undefined));
    const subs = types.filter((t) => t === 1 || t === 2).length;
    if (subs > 0 && subs !== types.length) e.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  }
  return chars;
}

/** Application command definition (bulk overwrite / create). Throws 400 50035 on violations. */
export function validateCommands(commands: unknown, bulk: boolean): Json[] {
  const e = new FormErrors();
  if (!Array.isArray(commands)) {
    e.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    e.throwIfAny();
    return [];
  }
  const seen = new Set<string>();
  let chatInput = 0;
  commands.forEach((cmd, i) => {
    const p: Path = bulk ? [i] : [];
    if (!isObject(cmd)) {
      e.add(p, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const type = cmd.type ?? 1;
    if (type !== 1 && type !== 2 && type !== 3 && type !== 4) {
      e.add([...p, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
      return;
    }
    const isChatInput = type === 1;
    if (isChatInput) chatInput++;
    let chars = validateName(e, [...p, 'name'], cmd.name, isChatInput);
    if (isChatInput) {
      chars += validateDescription(e, [...p, 'description'], cmd.description);
      chars += validateOptions(e, [...p, 'options'], cmd.options, 0);
    } else if (cmd.description !== undefined && cmd.description !== '') {
      e.add([...p, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
    }
    if (chars > LIMITS.commandTotalChars) e.add(p, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${LIMITS.commandTotalChars})`);
    if (cmd.default_member_permissions !== undefined && cmd.default_member_permissions !== null && (typeof cmd.default_member_permissions !== 'string' || !/^\d+$/.test(cmd.default_member_permissions))) {
      e.add([...p, 'default_member_permissions'], 'NUMBER_TYPE_COERCE', 'Value "x" is not snowflake.');
    }
    const key = `${String(type)}:${String(cmd.name)}`;
    if (seen.has(key)) e.add([...p, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    seen.add(key);
  });
  if (chatInput > LIMITS.chatInputCommands) e.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.chatInputCommands} or fewer in length.`);
  e.throwIfAny();
  return commands as Json[];
}
