import { type Command, type OptionSpec, requiresAdmin } from '../src/command.ts';
import type { Reply } from '../src/reply.ts';

function usage(options: readonly OptionSpec[] | undefined): string {
  return (options ?? []).map((o) => (o.required ? ` ${o.name}:<${o.type}>` : ` [${o.name}]`)).join('');
}

/**
 * /help lists the commands it is given. It takes them from its caller rather than importing the
 * command list, which itself lists /help: that import made a cycle.
 */
export function createHelpCommand(listCommands: () => readonly Command[]): Command {
  return {
    spec: { name: 'help', description: 'List every command and its options' },
    run: (): Reply => helpReply(listCommands()),
  };
}

function helpReply(commands: readonly Command[]): Reply {
  const lines: string[] = [];
  for (const { spec } of commands) {
    if (spec.subcommands?.length) {
      for (const sub of spec.subcommands) {
        const admin = requiresAdmin(spec, sub.name) ? ' (admin)' : '';
        lines.push(`/${spec.name} ${sub.name}${usage(sub.options)}${admin}: ${sub.description}`);
      }
    } else {
      lines.push(`/${spec.name}${usage(spec.options)}${requiresAdmin(spec, null) ? ' (admin)' : ''}: ${spec.description}`);
    }
  }
  return {
    title: 'Security brief: commands',
    description: 'Regional security briefs for Pakistan, Afghanistan, India and their borders.',
    sections: [{ lines }],
    footer: 'Options are written name:value; quote values with spaces: speaker:"Khawaja Asif".',
    ephemeral: true,
  };
}
