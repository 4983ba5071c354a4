// The local console: the bot's commands typed at a prompt, answered through the same command path
// and printed as text. With piped input it answers each line and exits at the end.
import readline from 'node:readline';
import { commands } from '../../commands/index.ts';
import { askCommandLine } from '../app.ts';
import type { Services } from '../command.ts';
import { replyToText, writeAttachments } from './render.ts';

function completer(line: string): [string[], string] {
  if (line.includes(' ')) {
    const [name] = line.split(' ');
    const command = commands.find((c) => `/${c.spec.name}` === name);
    const words = (command?.spec.subcommands ?? []).map((s) => `${name} ${s.name}`);
    const hits = words.filter((w) => w.startsWith(line));
    return [hits, line];
  }
  const names = commands.map((c) => `/${c.spec.name}`);
  const hits = names.filter((n) => n.startsWith(line.startsWith('/') ? line : `/${line}`));
  return [hits.length ? hits : names, line];
}

export async function runConsole(
  services: Services,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stdout },
): Promise<void> {
  const interactive = Boolean((io.input as NodeJS.ReadStream).isTTY);
  const rl = readline.createInterface({
    input: io.input,
    output: io.output,
    terminal: interactive,
    completer: interactive ? completer : undefined,
    historySize: 500,
    prompt: 'brief> ',
  });
  const write = (text: string): void => {
    io.output.write(`${text}\n`);
  };
  if (interactive) rl.prompt();
  // Lines are answered one at a time, in order, even when piped input arrives all at once.
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit' || line === '/exit') break;
    if (line) {
      const reply = await askCommandLine(services, line.startsWith('/') ? line : `/${line}`);
      write(`${replyToText(reply, writeAttachments(reply))}\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
