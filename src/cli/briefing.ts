/**
 * `npm run -s briefing -- --date 2023-04-14`: the morning digest for a date, as text.
 * `--json` prints `{date, sections: [{title, items: [{text, citation, passageId}]}]}`.
 * `--from 2023-04-01 --to 2023-06-29`: one digest per day (with `--json`, one JSON object a
 * line), composed in one process over one index; `--stats` prints the range's repetition
 * and coverage figures instead. `--channel ID` and `--topics "a, b"` compose as that channel
 * (and focus) would receive it. `--knowledge DIR` (or KNOWLEDGE_DIR) reads another knowledge
 * folder. Without a date, today in BRIEFING_TIMEZONE. Digests are those of a channel's
 * first briefing (nothing is announced as new).
 */
import { composeBriefing } from '../briefing/compose.ts';
import { addDays, dayNumber, localDateTime } from '../shared/local-time.ts';
import { renderBriefing } from '../briefing/render.ts';
import { rangeStats } from '../briefing/stats.ts';
import type { Briefing } from '../briefing/types.ts';
import { formatProblem } from '../kb/check.ts';
import { toText } from '../console/render.ts';
import { KnowledgeFolderError, loadKnowledge } from '../knowledge/loader.ts';
import { SearchIndex } from '../search/search-index.ts';
import { dateArgument, parseCommandLine } from './args.ts';
import { configOrExit, fail, failOnConfigError } from './fail.ts';

const USAGE =
  'usage: npm run -s briefing -- [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD [--stats]] [--json] [--channel ID] [--topics "a, b"] [--knowledge DIR]';
/** A range longer than this is almost certainly a typo in a year. */
const MAX_RANGE_DAYS = 3_660;

async function main(): Promise<void> {
  const { values } = parseCommandLine(USAGE, {
    options: {
      date: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      stats: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      channel: { type: 'string', default: '' },
      topics: { type: 'string' },
      knowledge: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const dates = datesOf(values);
  if (values.channel && !/^\d{17,20}$/.test(values.channel)) fail(`--channel must be a Discord channel id (17 to 20 digits).\n${USAGE}`);

  const dir = values.knowledge ?? configOrExit().knowledgeDir;
  const { documents, aliases, problems } = await loadKnowledge(dir);
  if (problems.length) {
    fail(`The knowledge folder ${dir} has problems:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
  }
  if (documents.length === 0) fail(`The knowledge folder ${dir} holds no documents.`);
  const index = SearchIndex.build(documents, aliases);
  const focus = (values.topics ?? '').split(',').map((topic) => topic.trim().toLowerCase()).filter(Boolean);
  const unknown = focus.filter((topic) => !index.topics().includes(topic));
  if (unknown.length) fail(`--topics: not a topic of this knowledge base: ${unknown.join(', ')}. Topics: ${index.topics().join(', ')}.`);

  const compose = (date: string) => composeBriefing({ index, date, channel: values.channel, focus });
  if (values.stats) {
    const stats = rangeStats(index, dates.map(compose));
    console.log(values.json ? JSON.stringify(stats) : formatStats(stats));
    return;
  }
  for (const date of dates) {
    const briefing = compose(date);
    if (values.json) console.log(dates.length > 1 ? JSON.stringify(toJson(briefing)) : JSON.stringify(toJson(briefing), null, 2));
    else console.log(toText(renderBriefing(briefing), { color: process.stdout.isTTY }));
  }
}

function datesOf(values: { date?: string; from?: string; to?: string; stats?: boolean }): string[] {
  const check = (option: string, value: string) => {
    return dateArgument(value, USAGE, `--${option}`);
  };
  if (values.from !== undefined || values.to !== undefined) {
    if (values.date !== undefined) fail(`Give either --date or --from/--to, not both.\n${USAGE}`);
    if (values.from === undefined || values.to === undefined) fail(`A range needs both --from and --to.\n${USAGE}`);
    const from = check('from', values.from);
    const to = check('to', values.to);
    const days = dayNumber(to) - dayNumber(from) + 1;
    if (days < 1) fail(`--to ${to} is before --from ${from}.`);
    if (days > MAX_RANGE_DAYS) fail(`The range is ${days} days; at most ${MAX_RANGE_DAYS}.`);
    return Array.from({ length: days }, (_, day) => addDays(from, day));
  }
  if (values.stats) fail(`--stats needs a range: --from and --to.\n${USAGE}`);
  return [check('date', values.date ?? localDateTime(new Date(), configOrExit().briefing.timezone).date)];
}

function toJson(briefing: Briefing) {
  return {
    date: briefing.date,
    ...(briefing.focus.length ? { focus: briefing.focus } : {}),
    sections: briefing.sections.map((section) => ({
      title: section.title,
      items: section.items.map((item) => ({ text: item.text, citation: item.citation, passageId: item.passageId })),
    })),
  };
}

function formatStats(stats: ReturnType<typeof rangeStats>): string {
  const lines = [
    `digests                          ${stats.digests}`,
    `items per digest (min/mean/max)  ${stats.items.min} / ${stats.items.mean} / ${stats.items.max}`,
    `passages shown / worth showing   ${stats.passagesShown} / ${stats.passagesEligible} (coverage ${(stats.coverage * 100).toFixed(0)}%)`,
    `back within 10 days              ${stats.repeatsWithinGap}`,
    `shortest gap between showings    ${stats.shortestGap === null ? '—' : `${stats.shortestGap} days`}`,
    `most showings of one passage     ${stats.mostShown}`,
    `digests with one figure twice    ${stats.digestsWithFigureTwice}`,
    `spotlights identical in a quarter ${stats.identicalSpotlights}`,
    `items opening on a dangling word ${stats.danglingOpeners}`,
    `digests with an anniversary      ${stats.anniversaryDigests}`,
    'spotlight topics (days):',
    ...Object.entries(stats.spotlightTopics).map(([topic, days]) => `  ${String(days).padStart(3)}  ${topic}`),
  ];
  return lines.join('\n');
}

// `… --json | head` closes the pipe early: stop quietly rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  if (error instanceof KnowledgeFolderError) fail(error.message);
  failOnConfigError(error);
});
