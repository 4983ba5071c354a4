// What a command is, what it gets and how it is run. Commands live in commands/, know this file and
// Reply, and never see discord.js objects: Discord, the console, the CLI and the digest all call
// runCommand with a CommandContext they built.
import { RejectedInput } from './domain/article.ts';
import type { Ingestor } from './pipeline/ingest.ts';
import type { Config } from './config.ts';
import type { DigestPort } from './digest/port.ts';
import type { Logger } from './log.ts';
import type { Taxonomy } from './nlp/topics.ts';
import { errorReply, type Reply } from './reply.ts';
import type { Scope } from './domain/scope.ts';
import type { Store } from './store/store.ts';

export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'channel' | 'attachment';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
}

export interface SubcommandSpec {
  name: string;
  description: string;
  options?: OptionSpec[];
  /** Needs Manage Server. Checked again in runCommand, as a server can override Discord's gate. */
  admin?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  options?: OptionSpec[];
  subcommands?: SubcommandSpec[];
  /** Every subcommand needs Manage Server (also sets default_member_permissions on Discord). */
  admin?: boolean;
  /** May take more than about a second (fetching a URL): Discord defers before running it. */
  slow?: boolean;
}

/** A file handed to a command: an attachment on Discord, a local path in the console. */
export interface AttachmentInput {
  name: string;
  size: number;
  contentType: string | null;
  read(): Promise<Uint8Array>;
}

export type OptionValue = string | number | boolean | AttachmentInput;

export interface Services {
  config: Config;
  store: Store;
  ingestor: Ingestor;
  /** The shared topics and their weights, read once from TOPICS_PATH. */
  taxonomy: Taxonomy;
  /** This process's digest scheduler, when it runs one (the bot). */
  digest: DigestPort;
  log: Logger;
  clock: () => Date;
}

export interface CommandContext {
  services: Services;
  /** Whose articles and settings: the guild, or null for the shared collection (console, CLI). */
  scope: Scope;
  guildId: string | null;
  userId: string;
  /** Whether the caller may manage this server (Manage Server), or runs the local console/CLI. */
  isAdmin: boolean;
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

export interface AutocompleteContext {
  services: Services;
  scope: Scope;
  subcommand: string | null;
  focused: { name: string; value: string };
  options: Record<string, OptionValue>;
}

export interface Choice {
  name: string;
  value: string;
}

export interface Command {
  spec: CommandSpec;
  run: Handler;
  /** Must answer from memory: Discord gives autocomplete 3 s and no way to defer. */
  autocomplete?(ctx: AutocompleteContext): Choice[];
}

/** An error meant for the person who asked: its message is shown as it is. */
export class UserError extends Error {
  override name = 'UserError';
}

export const AUTOCOMPLETE_LIMIT = 25;

export function subcommandSpec(spec: CommandSpec, name: string | null): SubcommandSpec | null {
  return spec.subcommands?.find((s) => s.name === name) ?? null;
}

export function optionSpecs(spec: CommandSpec, subcommand: string | null): OptionSpec[] {
  return subcommand ? (subcommandSpec(spec, subcommand)?.options ?? []) : (spec.options ?? []);
}

export function requiresAdmin(spec: CommandSpec, subcommand: string | null): boolean {
  return Boolean(spec.admin || subcommandSpec(spec, subcommand)?.admin);
}

export function stringOption(ctx: Pick<CommandContext, 'options'>, name: string): string | null {
  const value = ctx.options[name];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function numberOption(ctx: Pick<CommandContext, 'options'>, name: string): number | null {
  const value = ctx.options[name];
  return typeof value === 'number' ? value : null;
}

export function booleanOption(ctx: Pick<CommandContext, 'options'>, name: string): boolean {
  return ctx.options[name] === true;
}

export function attachmentOption(ctx: Pick<CommandContext, 'options'>, name: string): AttachmentInput | null {
  const value = ctx.options[name];
  return typeof value === 'object' ? value : null;
}

export type Handler = (ctx: CommandContext) => Promise<Reply> | Reply;

/**
 * A command's run for its subcommands, one handler each. runCommand has already refused an unknown
 * subcommand, so every name here is one the definition lists.
 */
export function bySubcommand(handlers: Record<string, Handler>): Handler {
  return (ctx) => {
    const handler = handlers[ctx.subcommand ?? ''];
    if (!handler) throw new UserError(`Choose what to do: ${Object.keys(handlers).join(', ')}.`);
    return handler(ctx);
  };
}

/**
 * The one way to run a command, whatever asked: checks permission and required options, runs the
 * handler, and turns every failure into a reply a person understands (and a log line with the stack).
 */
export async function runCommand(command: Command, ctx: CommandContext): Promise<Reply> {
  const { spec } = command;
  const label = ctx.subcommand ? `/${spec.name} ${ctx.subcommand}` : `/${spec.name}`;
  if (spec.subcommands?.length && !subcommandSpec(spec, ctx.subcommand)) {
    const names = spec.subcommands.map((s) => s.name).join(', ');
    return errorReply(`/${spec.name}`, `Choose what to do: ${names}.`);
  }
  if (requiresAdmin(spec, ctx.subcommand) && !ctx.isAdmin) {
    return errorReply(label, 'Only server admins (Manage Server) can use this command.');
  }
  for (const option of optionSpecs(spec, ctx.subcommand)) {
    if (option.required && ctx.options[option.name] === undefined) {
      return errorReply(label, `The option "${option.name}" is required: ${option.description}.`);
    }
  }
  try {
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UserError || error instanceof RejectedInput) return errorReply(label, error.message);
    ctx.services.log.error({ err: error, command: label, guild: ctx.guildId }, 'command failed');
    return errorReply(label, 'Something went wrong while answering. The error was logged; please try again.');
  }
}
