import type { Citation } from '../shared/citation.ts';

/** One cited line of a briefing. `text` is always a verbatim piece of the passage `passageId`. */
export interface BriefingItem {
  text: string;
  citation: Citation;
  passageId: string;
}

export interface BriefingSection {
  title: string;
  items: BriefingItem[];
  /** A remark after the items, e.g. how many more new documents there are. */
  note?: string;
}

export interface Briefing {
  /** The channel's local date the briefing is for, `YYYY-MM-DD`. */
  date: string;
  sections: BriefingSection[];
  footer: string;
  /** Every passage this briefing shows, for the channel's rotation history. */
  shownPassageIds: string[];
  /** Every document the knowledge base held, so that tomorrow only later additions count as new. */
  knownDocIds: string[];
  /** The knowledge-base topics the channel follows; empty when it follows everything. */
  focus: string[];
}

/** What a channel has already been shown, from its earlier (sent) briefings. */
export interface BriefingHistory {
  /** Passage ids in the order they were shown, oldest first; repeats allowed. */
  shownPassageIds: readonly string[];
  /** Documents the channel's earlier briefings knew about. */
  knownDocIds: readonly string[];
  /** Local date of the channel's last sent briefing, or null before the first one. */
  lastBriefingDate: string | null;
}

export const NO_HISTORY: BriefingHistory = { shownPassageIds: [], knownDocIds: [], lastBriefingDate: null };
