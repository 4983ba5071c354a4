// /topics: the taxonomy articles are tagged with, and this server's own topics.
import { type CommandSpec, defineCommand } from '../src/command.ts';
import type { Reply } from '../src/reply.ts';

const topicsSpec = { name: 'topics', description: 'List the topics /topic knows' } as const satisfies CommandSpec;

export const topicsCommand = defineCommand({
  spec: topicsSpec,
  async run(ctx): Promise<Reply> {
    const own = await ctx.services.store.topics.guildTopicsOf(ctx.scope);
    return {
      title: 'Topics',
      description: 'Use one with /topic name:<id>, or search any words with /topic query:<text>.',
      sections: [
        { heading: 'Regional topics', lines: ctx.services.taxonomy.topics.map((t) => `${t.label} (${t.id}): ${t.description}`) },
        ...(own.length ? [{ heading: 'This server’s topics', lines: own.map((t) => `${t.label} (${t.id}): ${t.aliases.join(', ')}`) }] : []),
      ],
      ephemeral: true,
    };
  },
});
