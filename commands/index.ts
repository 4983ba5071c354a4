// Every command the bot answers, in the order /help lists them.
import type { Command } from '../src/command.ts';
import { articleCommand } from './article.ts';
import { helpCommand } from './help.ts';

export const commands: Command[] = [helpCommand, articleCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.spec.name === name.replace(/^\//, '').toLowerCase());
}
