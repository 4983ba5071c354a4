// Every command the bot answers, in the order /help lists them.
import type { Command } from '../src/command.ts';
import { articleAdminCommand, articleCommand } from './article.ts';
import { digestAdminCommand, digestCommand } from './digest.ts';
import { feedCommand } from './feed.ts';
import { createHelpCommand } from './help.ts';
import { quotesCommand } from './quotes.ts';
import { summaryCommand } from './summary.ts';
import { topicCommand } from './topic.ts';
import { topicAdminCommand } from './topic-admin.ts';
import { topicsCommand } from './topics.ts';
import { trendCommand } from './trend.ts';

export const commands: Command[] = [createHelpCommand(() => commands), articleCommand, articleAdminCommand, summaryCommand, quotesCommand, digestCommand, digestAdminCommand, topicCommand, trendCommand, topicsCommand, topicAdminCommand, feedCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.spec.name === name.replace(/^\//, '').toLowerCase());
}
