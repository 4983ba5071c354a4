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
import type { StoreEngine } from './store/engine.ts';

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
  options?: readonly OptionSpec[];
  /** Needs Manage Server. Checked again in runCommand, as a server can override Discord's gate. */
  admin?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  options?: readonly OptionSpec[];
  subcommands?: readonly SubcommandSpec[];
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

/** The value an option of this type arrives as, whichever front end parsed it. */
type ValueOf<T extends OptionType> = T extends 'integer' | 'number' ? number : T extends 'boolean' ? boolean : T extends 'attachment' ? AttachmentInput : string;

/**
 * The options a handler receives, typed from the spec it was declared with (`as const satisfies
 * CommandSpec`): a required option is always there (runCommand checks), any other may be missing, and
 * a name the spec does not declare fails to compile.
 */
export type OptionsOf<Options extends readonly OptionSpec[] | undefined> = Options extends readonly OptionSpec[]
  ? { [O in Options[number] as O extends { required: true } ? O['name'] : never]: ValueOf<O['type']> } & {
      [O in Options[number] as O extends { required: true } ? never : O['name']]?: ValueOf<O['type']>;
    }
  : Record<never, never>;

/** Options of one subcommand of a spec. */
export type SubcommandOptions<S extends CommandSpec, Name extends string> = OptionsOf<Extract<NonNullable<S['subcommands']>[number], { name: Name }>['options']>;

/** Options as a handler that was not typed from a spec sees them. */
export type AnyOptions = Record<string, OptionValue | undefined>;

export interface Services {
  config: Config;
  /** The store, SQLite or PostgreSQL (config.store): every family's methods return Promises. */
  store: StoreEngine;
  ingestor: Ingestor;
  /** The shared topics and their weights, read once from TOPICS_PATH. */
  taxonomy: Taxonomy;
  /** This process's digest scheduler, when it runs one (the bot). */
  digest: DigestPort;
  log: Logger;
  clock: () => Date;
}

export interface CommandContext<Options extends object = AnyOptions> {
  services: Services;
  /** Whose articles and settings: the guild, or null for the shared collection (console, CLI). */
  scope: Scope;
  guildId: string | null;
  userId: string;
  /** Whether the caller may manage this server (Manage Server), or runs the local console/CLI. */
  isAdmin: boolean;
  subcommand: string | null;
  options: Options;
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
  /** Must answer quickly (one indexed read at most): Discord gives autocomplete 3 s and no way to defer. */
  autocomplete?(ctx: AutocompleteContext): Choice[] | Promise<Choice[]>;
}

/** An error meant for the person who asked: its message is shown as it is. */
export class UserError extends Error {
  override name = 'UserError';
}

export const AUTOCOMPLETE_LIMIT = 25;

export function subcommandSpec(spec: CommandSpec, name: string | null): SubcommandSpec | null {
  return spec.subcommands?.find((s) => s.name === name) ?? null;
}

export function optionSpecs(spec: CommandSpec, subcommand: string | null): readonly OptionSpec[] {
  return subcommand ? (subcommandSpec(spec, subcommand)?.options ?? []) : (spec.options ?? []);
}

export function requiresAdmin(spec: CommandSpec, subcommand: string | null): boolean {
  return Boolean(spec.admin || subcommandSpec(spec, subcommand)?.admin);
}

/** Option names of a context: any string for an untyped one, the spec's own for a typed one. */
type OptionName<Options> = Extract<keyof Options, string>;

function optionValue(options: object, name: string): unknown {
  return (options as Record<string, unknown>)[name];
}

export function stringOption<Options extends object>(ctx: { options: Options }, name: OptionName<Options>): string | null {
  const value = optionValue(ctx.options, name);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function numberOption<Options extends object>(ctx: { options: Options }, name: OptionName<Options>): number | null {
  const value = optionValue(ctx.options, name);
  return typeof value === 'number' ? value : null;
}

export function booleanOption<Options extends object>(ctx: { options: Options }, name: OptionName<Options>): boolean {
  return optionValue(ctx.options, name) === true;
}

export function attachmentOption<Options extends object>(ctx: { options: Options }, name: OptionName<Options>): AttachmentInput | null {
  const value = optionValue(ctx.options, name);
  return typeof value === 'object' && value !== null ? (value as AttachmentInput) : null;
}

export type Handler<Options extends object = AnyOptions> = (ctx: CommandContext<Options>) => Promise<Reply> | Reply;

/**
 * A command from its spec, declared `as const satisfies CommandSpec`, and a handler whose options are
 * typed from that spec. runCommand checks required options and front ends parse each option as its
 * spec types it, so the untyped context every front end builds is the typed one the handler expects.
 */
export function defineCommand<const S extends CommandSpec>(command: {
  spec: S;
  run: Handler<OptionsOf<S['options']>>;
  autocomplete?(ctx: AutocompleteContext): Choice[] | Promise<Choice[]>;
}): Command {
  return command as unknown as Command;
}

/**
 * A command's run for its subcommands, one handler each, typed from its subcommand's options.
 * runCommand has already refused an unknown subcommand, so every name here is one the spec lists.
 */
export function bySubcommand<const S extends CommandSpec>(
  _spec: S,
  handlers: { [Name in NonNullable<S['subcommands']>[number]['name']]: Handler<SubcommandOptions<S, Name>> },
): Handler {
  const byName = handlers as unknown as Record<string, Handler>;
  return (ctx) => {
    const handler = byName[ctx.subcommand ?? ''];
    if (!handler) throw new UserError(`Choose what to do: ${Object.keys(byName).join(', ')}.`);
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
