import { NO_OPTIONS, type Command } from './types.ts';

export const definition = {
  name: 'help',
  description: 'What this bot does and how to ask it',
} as const satisfies Command['definition'];

export function createHelpCommand(): Command<typeof NO_OPTIONS> {
  return {
    definition,
    options: NO_OPTIONS,
    async run() {
      return {
        ephemeral: true,
        cards: [
          {
            title: 'Fentanyl briefing bot',
            description: [
              'I answer from a curated knowledge base of articles on fentanyl trafficking and US–Mexico relations. Every answer quotes the passage it comes from and cites it (title, publisher, date, paragraph).',
              '',
              '**Ask**: `/fentanyl query:seizures` — words or a question: names (accents optional), abbreviations (AMLO, CBP, CJNG), numbers. Add `private:true` to see the answer alone. Buttons page through more results or show a whole passage.',
              '**Sources**: `/sources` lists the documents and their metadata.',
              '**Daily briefing**: `/briefing subscribe` posts a morning digest in a channel, at its local time; `/briefing preview` shows today’s.',
              '**Admins**: `/kb reload`, `/kb add`, `/kb status` keep the knowledge base current without a restart.',
              '',
              'If nothing in the knowledge base covers a question, I say so rather than guess.',
            ].join('\n'),
          },
        ],
      };
    },
  };
}
