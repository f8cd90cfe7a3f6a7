import { createHash } from 'node:crypto';
import { composeBriefing, type BriefingSource, type ComposeInput } from '../briefing/compose.ts';
import type { Briefing } from '../briefing/types.ts';

/** What a channel's digest depends on besides the index. */
export type ComposeRequest = Omit<ComposeInput, 'index'>;

/** Digests kept per knowledge base: enough for every distinct history due on one day. */
const ENTRIES = 64;

/**
 * Composing reads the whole knowledge base (seconds at 100k passages, on the event loop) and
 * is pure: the same index, date, channel, focus and history give the same digest, so a
 * retry or a second look the same day costs nothing. A reload (a new index object) starts afresh.
 */
export class ComposeCache {
  private index: BriefingSource | undefined;
  private readonly entries = new Map<string, Briefing>();

  constructor(private readonly source: () => BriefingSource) {}

  compose(request: ComposeRequest): Briefing {
    const index = this.source();
    if (index !== this.index) {
      this.index = index;
      this.entries.clear();
    }
    const key = createHash('sha256')
      .update(JSON.stringify([request.date, request.channel ?? '', [...(request.focus ?? [])].sort(), request.history ?? null]))
      .digest('hex');
    const cached = this.entries.get(key);
    if (cached) return cached;
    const briefing = composeBriefing({ index, ...request });
    this.entries.set(key, briefing);
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return briefing;
  }
}
