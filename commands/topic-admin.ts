// /topic-admin add|remove|list: a server's admins add topics of their own, kept to that server. /topic
// finds a server topic's articles by searching its aliases and keeps those the evidence rules of the
// shared topics tag (headline, lead, share of the body). The shared taxonomy is TOPICS_PATH and
// changes only with the file.
import { bySubcommand, type CommandContext, type CommandSpec, defineCommand, stringOption, type SubcommandOptions, UserError } from '../src/command.ts';
import { aliasProblem, MAX_LABEL, topicIdProblem } from '../src/nlp/taxonomy.ts';
import type { Reply } from '../src/reply.ts';

const MAX_ALIASES = 25;

function guildOf(ctx: CommandContext): string {
  if (ctx.scope === null) {
    throw new UserError('Server topics belong to a Discord server. The shared topics are edited in the taxonomy file (TOPICS_PATH).');
  }
  return ctx.scope;
}

async function addTopic(ctx: CommandContext<SubcommandOptions<typeof topicAdminSpec, 'add'>>): Promise<Reply> {
  const guild = guildOf(ctx);
  const id = (stringOption(ctx, 'id') ?? '').toLowerCase();
  const idProblem = topicIdProblem(id);
  if (idProblem) throw new UserError(`The id ${idProblem}.`);
  if (ctx.services.taxonomy.topics.some((t) => t.id === id)) throw new UserError(`"${id}" is already a shared topic; choose another id.`);
  const label = stringOption(ctx, 'label') ?? '';
  if (label.length > MAX_LABEL) throw new UserError(`The label is longer than ${MAX_LABEL} characters.`);
  const aliases = [...new Set((stringOption(ctx, 'aliases') ?? '').split(',').map((a) => a.trim()).filter(Boolean))];
  if (aliases.length === 0) throw new UserError('Give at least one alias: words or phrases that mark the topic, separated by commas.');
  if (aliases.length > MAX_ALIASES) throw new UserError(`At most ${MAX_ALIASES} aliases.`);
  for (const alias of aliases) {
    const problem = aliasProblem(alias);
    if (problem) throw new UserError(`The alias ${problem}.`);
  }
  const { topics } = ctx.services.store;
  if (!(await topics.addGuildTopic(guild, { id, label, aliases }, ctx.userId, ctx.services.clock()))) {
    throw new UserError(`This server already has a topic "${id}"; remove it first to change it.`);
  }
  return { title: `Added topic ${label} (${id})`, description: `Aliases: ${aliases.join(', ')}`, sections: [], ephemeral: true, tone: 'success' };
}

async function removeTopic(ctx: CommandContext<SubcommandOptions<typeof topicAdminSpec, 'remove'>>): Promise<Reply> {
  const id = (stringOption(ctx, 'id') ?? '').toLowerCase();
  if (!(await ctx.services.store.topics.removeGuildTopic(guildOf(ctx), id))) {
    throw new UserError(`This server has no topic "${id}". /topic-admin list shows them.`);
  }
  return { title: `Removed topic ${id}`, sections: [], ephemeral: true, tone: 'success' };
}

async function listTopics(ctx: CommandContext<SubcommandOptions<typeof topicAdminSpec, 'list'>>): Promise<Reply> {
  const own = await ctx.services.store.topics.guildTopicsOf(guildOf(ctx));
  return {
    title: `This server’s topics (${own.length})`,
    sections: [{ lines: own.length ? own.map((t) => `${t.label} (${t.id}): ${t.aliases.join(', ')}`) : ['None yet. Add one with /topic-admin add.'] }],
    ephemeral: true,
  };
}

const topicAdminSpec = {
  name: 'topic-admin',
  description: "Manage this server's own topics",
  admin: true,
  subcommands: [
    {
      name: 'add',
      description: 'Add a topic for this server',
      options: [
        { name: 'id', description: 'Short id: lowercase letters, digits, dashes', type: 'string', required: true, maxLength: 40 },
        { name: 'label', description: 'The name people see', type: 'string', required: true, maxLength: MAX_LABEL },
        { name: 'aliases', description: 'Words or phrases that mark it, separated by commas', type: 'string', required: true, maxLength: 1000 },
      ],
    },
    {
      name: 'remove',
      description: 'Remove one of this server’s topics',
      options: [{ name: 'id', description: 'The topic id', type: 'string', required: true, maxLength: 40 }],
    },
    { name: 'list', description: 'List this server’s topics' },
  ],
} as const satisfies CommandSpec;

export const topicAdminCommand = defineCommand({
  spec: topicAdminSpec,
  run: bySubcommand(topicAdminSpec, { add: addTopic, remove: removeTopic, list: listTopics }),
});
