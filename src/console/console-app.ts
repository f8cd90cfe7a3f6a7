import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ReplyButton } from '../shared/reply.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import { CONSOLE_INVOKER } from './operator.ts';
import { parseLine } from './parse-line.ts';
import { buttonKeys, toText } from './render.ts';

export { CONSOLE_INVOKER } from './operator.ts';

/**
 * The same commands as on Discord, one line in, the answer as text out. Reads until the
 * input ends (so `echo "/fentanyl seizures" | npm start` works) or the user types `exit`.
 */
export async function runConsole(registry: CommandRegistry, input: Readable, output: Writable, options: { color?: boolean; prompt?: boolean } = {}): Promise<void> {
  let buttons: ReplyButton[] = [];
  const lines = createInterface({ input, terminal: false });
  const write = (text: string) => output.write(`${text}\n`);
  const prompt = () => options.prompt && output.write('> ');
  prompt();
  try {
    for await (const line of lines) {
      if (/^(exit|quit|\.exit)$/i.test(line.trim())) break;
      const parsed = parseLine(line, registry.commands);
      if (parsed.kind === 'invalid') write(parsed.message);
      else if (parsed.kind === 'press') {
        const button = buttonKeys(buttons).get(parsed.key);
        if (!button) write(`There is no button [${parsed.key}] on the last answer.`);
        else {
          const reply = await registry.press(CONSOLE_INVOKER, button.customId);
          if (reply.buttons || reply.update) buttons = reply.buttons ?? [];
          write(toText(reply, options));
        }
      } else if (parsed.kind === 'command') {
        const reply = await registry.execute(parsed.name, CONSOLE_INVOKER, parsed.options, parsed.subcommand);
        buttons = reply.buttons ?? [];
        write(toText(reply, options));
      }
      prompt();
    }
  } finally {
    // Leaving the loop closes readline but leaves a terminal's stdin flowing, which keeps the process alive.
    lines.close();
    input.pause();
  }
}
