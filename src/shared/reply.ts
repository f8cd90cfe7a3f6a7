/**
 * A transport-neutral reply. Commands return this; the Discord layer turns it into
 * embeds and components, the console into text. Text fields use Discord Markdown
 * (`**bold**`, `[label](url)`), which the console prints as is.
 */
export interface ReplyCard {
  title?: string;
  url?: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: string;
  /** 24-bit RGB colour for the embed's side bar. */
  color?: number;
}

export type ReplyButton =
  | { kind: 'action'; customId: string; label: string; style?: 'primary' | 'secondary' | 'danger' | 'success'; disabled?: boolean }
  | { kind: 'link'; url: string; label: string };

export interface Reply {
  /** Plain message text (≤ 2000 characters once rendered). */
  content?: string;
  cards?: ReplyCard[];
  /** Rendered as one or more rows of buttons (≤ 5 per row, ≤ 5 rows). */
  buttons?: ReplyButton[];
  /** Only the person who asked sees it (Discord ephemeral flag). */
  ephemeral?: boolean;
}

/** An error whose message is fit to show the user as is (Sapphire's UserError idea). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
