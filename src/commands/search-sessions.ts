import { createHash, randomBytes } from 'node:crypto';

/** A passage as it was shown: its id, and a fingerprint of its text to notice a reload that changed it under the same id. */
export interface ShownPassage {
  passageId: string;
  fingerprint: string;
}

/** What a "More results" or "Show full passage" button needs to act: who asked what, and what they were shown. */
export interface SearchSession {
  query: string;
  userId: string;
  ephemeral: boolean;
  createdAt: number;
  /** Which knowledge base (index version) the shown passages came from. */
  version: number;
  /** The passages shown so far, by rank: `shown[rank - 1]`. A button resolves its rank here, never by searching again. */
  shown: ShownPassage[];
}

/** Discord lets a bot answer an interaction's buttons for 15 minutes; after that, say the search expired. */
const SESSION_TTL_MS = 15 * 60 * 1000;

/**
 * Short-lived memory behind search buttons. A custom id carries only the session key
 * and the action (100-character limit); the query and the passage ids shown stay here.
 * Lost on restart, which the button then reports as expired.
 */
export class SearchSessions {
  private readonly sessions = new Map<string, SearchSession>();

  constructor(private readonly now: () => number = Date.now) {}

  open(session: Omit<SearchSession, 'createdAt'>): string {
    this.prune();
    const key = randomBytes(6).toString('base64url');
    this.sessions.set(key, { ...session, createdAt: this.now() });
    return key;
  }

  get(key: string): SearchSession | undefined {
    const session = this.sessions.get(key);
    if (!session || this.now() - session.createdAt > SESSION_TTL_MS) return undefined;
    return session;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) {
      if (now - session.createdAt > SESSION_TTL_MS) this.sessions.delete(key);
      else break; // Insertion order is creation order.
    }
  }
}

/**
 * Record a page as shown: each hit's passage at its rank. A page from another index
 * version than the session's starts the record afresh (the older ranks no longer hold).
 */
export function recordShown(session: SearchSession, version: number, hits: readonly { rank: number; passageId: string; text: string }[]): void {
  if (session.version !== version) {
    session.version = version;
    session.shown = [];
  }
  for (const hit of hits) session.shown[hit.rank - 1] = shownPassage(hit);
}

export function shownPassage(passage: { passageId: string; text: string }): ShownPassage {
  return { passageId: passage.passageId, fingerprint: fingerprint(passage.text) };
}

export function samePassage(a: ShownPassage | undefined, b: ShownPassage | undefined): boolean {
  return a !== undefined && b !== undefined && a.passageId === b.passageId && a.fingerprint === b.fingerprint;
}

/** 96 bits of sha256: tells a passage's text from its edit, at 16 characters a passage kept. */
function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}
