/**
 * `npm run -s briefing -- --date 2023-04-14`: the morning digest for a date, as text.
 * `--json` prints `{date, sections: [{title, items: [{text, citation, passageId}]}]}`.
 * `--knowledge DIR` (or KNOWLEDGE_DIR) reads another knowledge folder. Without `--date`,
 * today in BRIEFING_TIMEZONE. The digest is a channel's first (no history).
 */
import { composeBriefing } from '../briefing/compose.ts';
import { localDateTime } from '../briefing/local-time.ts';
import { renderBriefing } from '../briefing/render.ts';
import type { Briefing } from '../briefing/types.ts';
import { formatProblem } from '../kb/check.ts';
import { toText } from '../console/render.ts';
import { KnowledgeFolderError, loadKnowledge } from '../knowledge/loader.ts';
import { SearchIndex } from '../search/search-index.ts';
import { dateArgument, parseCommandLine } from './args.ts';
import { configOrExit, fail, failOnConfigError } from './fail.ts';

const USAGE = 'usage: npm run -s briefing -- [--date YYYY-MM-DD] [--json] [--knowledge DIR]';

async function main(): Promise<void> {
  const { values } = parseCommandLine(USAGE, {
    options: {
      date: { type: 'string' },
      json: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const date = values.date === undefined ? localDateTime(new Date(), configOrExit().briefing.timezone).date : dateArgument(values.date, USAGE);

  const dir = values.knowledge ?? configOrExit().knowledgeDir;
  const { documents, aliases, problems } = await loadKnowledge(dir);
  if (problems.length) {
    fail(`The knowledge folder ${dir} has problems:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
  }
  if (documents.length === 0) fail(`The knowledge folder ${dir} holds no documents.`);
  const briefing = composeBriefing({ index: SearchIndex.build(documents, aliases), date });
  console.log(values.json ? JSON.stringify(toJson(briefing), null, 2) : toText(renderBriefing(briefing), { color: process.stdout.isTTY }));
}

function toJson(briefing: Briefing) {
  return {
    date: briefing.date,
    sections: briefing.sections.map((section) => ({
      title: section.title,
      items: section.items.map((item) => ({ text: item.text, citation: item.citation, passageId: item.passageId })),
    })),
  };
}

main().catch((error: unknown) => {
  if (error instanceof KnowledgeFolderError) fail(error.message);
  failOnConfigError(error);
});
