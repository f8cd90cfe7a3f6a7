import { randomBytes } from 'node:crypto';

/** What a "More results" or "Show full passage" button needs to act: who asked what. */
export interface SearchSession {
  query: string;
  userId: string;
  ephemeral: boolean;
  createdAt: number;
}

/** Discord lets a bot answer an interaction's buttons for 15 minutes; after that, say the search expired. */
export const SESSION_TTL_MS = 15 * 60 * 1000;

/**
 * Short-lived memory behind search buttons. A custom id carries only the session key
 * and the action (100-character limit); the query itself stays here. Lost on restart,
 * which the button then reports as expired.
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
