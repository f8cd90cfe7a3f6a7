import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/**
 * Front matter is data, never code. The block is read here rather than by a general
 * front-matter library because those pick a parser from a language tag after the opening
 * `---` (`---js` runs JavaScript); here the opening line must be exactly `---`, and the
 * block is only ever handed to a YAML parser.
 */
export type FrontMatterSplit =
  | { kind: 'none'; body: string }
  | { kind: 'yaml'; data: unknown; body: string }
  | { kind: 'refused'; message: string };

const OPEN = /^---[ \t]*(?:\r?\n|$)/;
/** A closing `---` line; what follows is the body. */
const CLOSE = /^---[ \t]*(?:\r?\n|$)/m;

/** True when the text opens with a `---` line (with or without a language tag): it means to have front matter. */
export function hasFrontMatter(source: string): boolean {
  return source.replace(/^\uFEFF/, '').startsWith('---');
}

export function splitFrontMatter(source: string): FrontMatterSplit {
  const text = source.replace(/^\uFEFF/, '');
  if (!text.startsWith('---')) return { kind: 'none', body: text };
  const open = OPEN.exec(text);
  if (!open) {
    const tag = text.slice(3, text.search(/\r?\n|$/)).trim().slice(0, 40);
    return { kind: 'refused', message: `opens with "---${tag}": only YAML front matter is accepted, and the first line must be exactly ---` };
  }
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { kind: 'refused', message: 'is not closed: add a line of --- after it' };
  const block = rest.slice(0, close.index);
  let data: unknown;
  try {
    // YAML 1.2's core schema has no timestamps: `published: 2023-02-30` stays the string
    // written, and the schema checks it, instead of becoming some other date.
    data = parseYaml(block, { schema: 'core' });
  } catch (error) {
    return { kind: 'refused', message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  return { kind: 'yaml', data, body: rest.slice(close.index + close[0].length) };
}

/** A knowledge file's text: the metadata as a YAML block, then the body. Reads back with `splitFrontMatter`. */
export function stringifyFrontMatter(body: string, data: Record<string, unknown>): string {
  return `---\n${stringifyYaml(data, { schema: 'core', lineWidth: 0 })}---\n${body}`;
}
