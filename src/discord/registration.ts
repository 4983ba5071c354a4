// Slash-command registration: the definitions in commands/ as Discord's JSON, compared with what the
// application has, and bulk-overwritten only when they differ (global registration is rate limited
// and takes a while to reach every client, so an unchanged start must not touch it).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import type { Command, CommandSpec, OptionSpec, OptionType } from '../command.ts';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;
type OptionDefinition = NonNullable<Definition['options']>[number];

const OPTION_TYPES: Record<OptionType, ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  channel: ApplicationCommandOptionType.Channel,
  attachment: ApplicationCommandOptionType.Attachment,
};

function optionDefinition(option: OptionSpec): OptionDefinition {
  return {
    type: OPTION_TYPES[option.type],
    name: option.name,
    description: option.description,
    required: option.required ?? false,
    ...(option.autocomplete ? { autocomplete: true } : {}),
    ...(option.choices ? { choices: option.choices } : {}),
    ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
    ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}),
    ...(option.maxLength !== undefined ? { max_length: option.maxLength } : {}),
    ...(option.type === 'channel' ? { channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] } : {}),
  } as OptionDefinition;
}

/** Discord requires required options before optional ones; the order is otherwise kept. */
function optionDefinitions(options: readonly OptionSpec[] | undefined): OptionDefinition[] {
  const list = options ?? [];
  return [...list.filter((o) => o.required), ...list.filter((o) => !o.required)].map(optionDefinition);
}

/**
 * Discord gates a whole command, not a subcommand: a command is gated to Manage Server only when
 * everything in it is admin-only. Mixed commands (/article: list for everyone, add for admins) are
 * open, and runCommand checks the subcommand, which it does anyway as servers can override the gate.
 */
function adminOnly(spec: CommandSpec): boolean {
  return Boolean(spec.admin || (spec.subcommands?.length && spec.subcommands.every((s) => s.admin)));
}

export function commandDefinition(spec: CommandSpec): Definition {
  return {
    type: ApplicationCommandType.ChatInput,
    name: spec.name,
    description: spec.description,
    // Articles and settings belong to a server, so the commands exist only in servers.
    contexts: [InteractionContextType.Guild],
    default_member_permissions: adminOnly(spec) ? String(PermissionFlagsBits.ManageGuild) : null,
    options: spec.subcommands?.length
      ? spec.subcommands.map((sub) => ({
          type: ApplicationCommandOptionType.Subcommand,
          name: sub.name,
          description: sub.description,
          options: optionDefinitions(sub.options),
        }) as OptionDefinition)
      : optionDefinitions(spec.options),
  };
}

export function commandDefinitions(commands: Command[]): Definition[] {
  return commands.map((c) => commandDefinition(c.spec));
}

/**
 * The parts of a definition that we set, with Discord's defaults filled in, so a definition we send
 * and the same definition as Discord returns it (ids, versions, omitted false flags) compare equal.
 */
function comparable(definition: Record<string, unknown>): unknown {
  const option = (o: Record<string, unknown>): unknown => ({
    type: o.type,
    name: o.name,
    description: o.description,
    required: Boolean(o.required),
    autocomplete: Boolean(o.autocomplete),
    choices: o.choices ?? [],
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    max_length: o.max_length ?? null,
    channel_types: o.channel_types ?? [],
    options: ((o.options as Record<string, unknown>[] | undefined) ?? []).map(option),
  });
  return {
    name: definition.name,
    description: definition.description,
    type: definition.type ?? ApplicationCommandType.ChatInput,
    contexts: definition.contexts ?? null,
    default_member_permissions: definition.default_member_permissions ?? null,
    options: ((definition.options as Record<string, unknown>[] | undefined) ?? []).map(option),
  };
}

export function sameDefinitions(wanted: Definition[], existing: Record<string, unknown>[]): boolean {
  const key = (list: Record<string, unknown>[]): string =>
    JSON.stringify([...list].sort((a, b) => String(a.name).localeCompare(String(b.name))).map(comparable));
  return key(wanted as unknown as Record<string, unknown>[]) === key(existing);
}

export interface RegistrationResult {
  scope: string;
  changed: boolean;
  count: number;
}

/** Registers the commands for one guild (instant) or globally, overwriting only when they changed. */
export async function registerCommands(rest: REST, applicationId: string, guildId: string | null, commands: Command[]): Promise<RegistrationResult> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const wanted = commandDefinitions(commands);
  const existing = (await rest.get(route)) as Record<string, unknown>[];
  const scope = guildId ? `guild ${guildId}` : 'global';
  if (sameDefinitions(wanted, existing)) return { scope, changed: false, count: wanted.length };
  await rest.put(route, { body: wanted });
  return { scope, changed: true, count: wanted.length };
}
