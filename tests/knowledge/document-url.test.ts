import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { formatCitation } from '../../src/shared/citation.ts';
import { toDiscordMessage } from '../../src/discord/render.ts';
import { prepareDocument } from '../../src/kb/add-document.ts';
import { parseDocument } from '../../src/knowledge/loader.ts';
import { MAX_URL_LENGTH, checkDocumentUrl } from '../../src/shared/url.ts';
import { validateMessageBody } from '../e2e/emulator/limits.ts';
import { RAW_ARTICLE, knowledgeFile } from '../kb/helpers.ts';

const long = `https://example.org/${'a'.repeat(MAX_URL_LENGTH)}`;

describe('document URLs', () => {
  it('percent-encodes what Markdown would read as link syntax, and refuses what cannot be made safe', () => {
    expect(checkDocumentUrl('https://example.org/a b/(c)[d]?q=(x)#[y]')).toEqual({ ok: true, url: 'https://example.org/a%20b/%28c%29%5Bd%5D?q=%28x%29#%5By%5D' });
    expect(checkDocumentUrl('https://example.org/path')).toEqual({ ok: true, url: 'https://example.org/path' });
    expect(checkDocumentUrl(long)).toEqual({ ok: false, message: expect.stringContaining('at most 512') });
    expect(checkDocumentUrl('javascript:alert(1)')).toMatchObject({ ok: false });
    expect(checkDocumentUrl('https://trusted.gov@evil.example/x')).toEqual({ ok: false, message: expect.stringContaining('user name or password') });
    expect(checkDocumentUrl('not a url')).toMatchObject({ ok: false });
  });

  it('the loader keeps an encoded URL and reports one too long as a problem naming the file', () => {
    const parsed = parseDocument('paren.md', knowledgeFile('paren-doc', ['Text.'], { url: 'https://example.org/wiki/Fentanyl_(drug)' }));
    expect(parsed).toMatchObject({ document: { url: 'https://example.org/wiki/Fentanyl_%28drug%29' } });
    expect(parseDocument('long.md', knowledgeFile('long-doc', ['Text.'], { url: long }))).toEqual({
      problems: [{ file: 'long.md', field: 'url', message: expect.stringContaining('Discord accepts at most 512') }],
    });
  });

  it('kb add stores the encoded URL and refuses one too long, naming the option', () => {
    expect(prepareDocument({ name: 'a.txt', text: RAW_ARTICLE, metadata: { url: 'https://example.org/a story (1)' } }).document.url).toBe('https://example.org/a%20story%20%281%29');
    expect(() => prepareDocument({ name: 'a.txt', text: RAW_ARTICLE, metadata: { url: long } })).toThrow(/^The url is \d+ characters long; Discord accepts at most 512/);
  });

  it('a citation links only a safe URL; a link button Discord would refuse is left out of the message', () => {
    const citation = { docId: 'x', title: 'T', publisher: null, date: null, paragraph: 1, passageId: 'x#1' };
    expect(formatCitation({ ...citation, url: 'https://example.org/ok' } as never)).toContain('[*T*](https://example.org/ok)');
    expect(formatCitation({ ...citation, url: 'https://evil.example/x) [click](https://evil.example' } as never)).not.toContain('](');
    const message = toDiscordMessage({ content: 'x', buttons: [{ kind: 'link', url: long, label: 'Source 1' }, { kind: 'link', url: 'https://example.org/ok', label: 'Source 2' }] });
    expect(message.components?.[0]?.components).toEqual([{ type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://example.org/ok', label: 'Source 2' }]);
  });

  it('the emulator refuses a link button over 512 characters and a malformed embed url, as Discord does', () => {
    const button = (url: string) => ({ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 5, label: 'Source', url }] }] });
    expect(() => validateMessageBody(button(long))).toThrow(expect.objectContaining({ status: 400 }));
    try {
      validateMessageBody(button(long));
    } catch (error) {
      expect(JSON.stringify(error)).toContain('Must be 512 or fewer in length.');
    }
    expect(() => validateMessageBody(button('https://example.org/a b'))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => validateMessageBody({ embeds: [{ title: 't', url: 'https://example.org/a b' }] })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => validateMessageBody({ embeds: [{ title: 't', url: `https://example.org/${'a'.repeat(2100)}` }] })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => validateMessageBody(button('https://example.org/ok'))).not.toThrow();
  });
});
