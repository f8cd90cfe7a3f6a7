import { createHash } from 'node:crypto';
import { composeBriefing, type BriefingSource } from '../briefing/compose.ts';
import type { Briefing, BriefingHistory } from '../briefing/types.ts';

/** Digests kept per knowledge base: enough for every distinct history due on one day. */
const ENTRIES = 64;

/**
 * Composing reads the whole knowledge base (seconds at 100k passages, on the event loop) and
 * is pure: the same index, date and history give the same digest. Channels that share a
 * history (seeded together, posted the same days) share one composition, so ten channels due
 * at one minute cost one composition, not ten. A reload (a new index object) starts afresh.
 */
export class ComposeCache {
  private index: BriefingSource | undefined;
  private readonly entries = new Map<string, Briefing>();

  constructor(private readonly source: () => BriefingSource) {}

  compose(date: string, history: BriefingHistory): Briefing {
    const index = this.source();
    if (index !== this.index) {
      this.index = index;
      this.entries.clear();
    }
    const key = createHash('sha256')
      .update(JSON.stringify([date, history.lastBriefingDate, history.shownPassageIds, history.knownDocIds]))
      .digest('hex');
    const cached = this.entries.get(key);
    if (cached) return cached;
    const briefing = composeBriefing({ index, date, history });
    this.entries.set(key, briefing);
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return briefing;
  }
}
