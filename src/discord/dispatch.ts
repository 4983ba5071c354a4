// The one interactionCreate choke point. Every interaction (slash command, autocomplete, page button,
// modal submission) enters here, is turned into the platform-neutral CommandContext, runs through
// runCommand like the console does, and leaves through the one renderer. Nothing here throws: every
// failure becomes an ephemeral message and a log line with the stack.
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import { URL_MAX_BYTES, URL_TIMEOUT_MS } from '../articles/fetch-url.ts';
import {
  AUTOCOMPLETE_LIMIT,
  type AttachmentInput,
  type Command,
  type CommandContext,
  type OptionValue,
  optionSpecs,
  requiresAdmin,
  runCommand,
  type Services,
  UserError,
} from '../command.ts';
import { errorReply, type Reply } from '../reply.ts';
import { findForm, formOfCustomId, modalOf } from './forms.ts';
import { LIMITS, renderReply } from './render.ts';
import { clip } from '../present/text.ts';

/** Handlers not marked slow are deferred anyway if they have not answered by then (Discord allows 3 s). */
export const DEFER_AFTER_MS = 1500;
const PAGE_PREFIX = 'pg:';

type Outcome = 'answered' | 'refused' | 'stale' | 'failed' | 'modal' | 'choices' | 'ignored';

interface Invocation {
  command: Command;
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

// ---------------------------------------------------------------- page buttons: state in the custom id

/**
 * `pg:<command>:<subcommand>:<page>:<options as URL query>`: everything needed to ask again, so a
 * button works after a restart and needs no server-side state. Null when it would not fit in 100.
 */
export function pageCustomId(invocation: Invocation, page: number): string | null {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(invocation.options)) {
    if (name !== 'page' && typeof value !== 'object') query.set(name, String(value));
  }
  const id = `${PAGE_PREFIX}${invocation.command.spec.name}:${invocation.subcommand ?? ''}:${page}:${query}`;
  return id.length <= LIMITS.customId ? id : null;
}

/** The invocation a page button asks for, or null when the button is stale or was tampered with. */
export function parsePageCustomId(customId: string, findCommand: (name: string) => Command | undefined): Invocation | null {
  if (!customId.startsWith(PAGE_PREFIX)) return null;
  const [name = '', subcommand = '', pageText = '', ...rest] = customId.slice(PAGE_PREFIX.length).split(':');
  const command = findCommand(name);
  const page = Number(pageText);
  if (!command || !Number.isSafeInteger(page) || page < 1) return null;
  const sub = subcommand || null;
  if (command.spec.subcommands?.length && !command.spec.subcommands.some((s) => s.name === sub)) return null;
  const specs = optionSpecs(command.spec, sub);
  if (!specs.some((s) => s.name === 'page')) return null;
  const options: Record<string, OptionValue> = { page };
  for (const [key, raw] of new URLSearchParams(rest.join(':'))) {
    const spec = specs.find((s) => s.name === key);
    if (!spec) return null;
    if (spec.type === 'integer' || spec.type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) return null;
      options[key] = n;
    } else if (spec.type === 'boolean') {
      options[key] = raw === 'true';
    } else if (spec.type === 'string' || spec.type === 'channel') {
      options[key] = raw;
    } else {
      return null;
    }
  }
  return { command, subcommand: sub, options };
}

// ---------------------------------------------------------------- options

/** Reads a Discord attachment, refusing more than maxBytes or 10 s. */
function attachmentInput(attachment: NonNullable<CommandInteractionOption['attachment']>, maxBytes: number): AttachmentInput {
  return {
    name: attachment.name,
    size: attachment.size,
    contentType: attachment.contentType,
    async read() {
      if (attachment.size > maxBytes) throw new UserError(`The file is too large (${attachment.size} bytes; the limit is ${maxBytes}).`);
      let response: Response;
      try {
        response = await fetch(attachment.url, { signal: AbortSignal.timeout(URL_TIMEOUT_MS) });
      } catch {
        throw new UserError('The attached file could not be downloaded from Discord; please try again.');
      }
      if (!response.ok || !response.body) throw new UserError(`The attached file could not be downloaded (HTTP ${response.status}).`);
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new UserError(`The file is too large (over ${maxBytes} bytes).`);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    },
  };
}

function optionValues(options: readonly CommandInteractionOption[]): { subcommand: string | null; values: Record<string, OptionValue> } {
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand) {
    return { subcommand: first.name, values: optionValues(first.options ?? []).values };
  }
  const values: Record<string, OptionValue> = {};
  for (const option of options) {
    if (option.attachment) values[option.name] = attachmentInput(option.attachment, URL_MAX_BYTES);
    else if (option.value !== undefined && option.value !== null) values[option.name] = option.value;
  }
  return { subcommand: null, values };
}

// ---------------------------------------------------------------- the dispatcher

type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

export class Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly services: Services,
    private readonly findCommand: (name: string) => Command | undefined,
  ) {}

  /** The interactionCreate listener. Never rejects. */
  handle(interaction: Interaction): Promise<void> {
    const work = this.dispatch(interaction).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
  }

  /** Waits for the interactions being answered, at most `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.inFlight]).then(() => true as const);
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }

  private async dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const fields = { interaction: interaction.id, guild: interaction.guildId, user: interaction.user.id, kind: kindOf(interaction), command: labelOf(interaction) };
    let outcome: Outcome = 'failed';
    try {
      if (interaction.isAutocomplete()) outcome = await this.autocomplete(interaction);
      else if (interaction.isChatInputCommand()) outcome = await this.chatInput(interaction);
      else if (interaction.isButton()) outcome = await this.button(interaction);
      else if (interaction.isModalSubmit()) outcome = await this.modalSubmit(interaction);
      else outcome = 'ignored';
    } catch (error) {
      this.services.log.error({ ...fields, err: error }, 'interaction failed');
      await this.apologise(interaction);
    } finally {
      this.services.log.info({ ...fields, outcome, durationMs: Math.round(performance.now() - started) }, 'interaction');
    }
  }

  private context(interaction: Interaction, invocation: Pick<Invocation, 'subcommand' | 'options'>): CommandContext {
    return {
      services: this.services,
      scope: interaction.guildId,
      guildId: interaction.guildId,
      userId: interaction.user.id,
      isAdmin: isAdmin(interaction),
      subcommand: invocation.subcommand,
      options: invocation.options,
    };
  }

  private async chatInput(interaction: ChatInputCommandInteraction): Promise<Outcome> {
    const command = this.findCommand(interaction.commandName);
    if (!command) return this.refuse(interaction, 'This command is no longer available. Type /help for the current list.');
    if (!interaction.inGuild()) return this.refuse(interaction, 'Use this command in a server: articles and settings belong to a server.');
    const { subcommand, values } = optionValues(interaction.options.data);
    const invocation: Invocation = { command, subcommand, options: values };
    const form = findForm(command.spec.name, subcommand);
    if (form && Object.keys(values).length === 0 && (isAdmin(interaction) || !requiresAdmin(command.spec, subcommand))) {
      // The modal is itself the acknowledgement; the command runs when the form comes back.
      await interaction.showModal(modalOf(form));
      return 'modal';
    }
    return this.answer(interaction, invocation);
  }

  private async modalSubmit(interaction: ModalSubmitInteraction): Promise<Outcome> {
    const form = formOfCustomId(interaction.customId);
    const command = form && this.findCommand(form.command);
    if (!form || !command) return this.refuse(interaction, 'This form is from an older version of the bot. Please run the command again.');
    const options: Record<string, OptionValue> = {};
    for (const field of form.fields) {
      const value = interaction.fields.fields.get(field.option);
      if (value && 'value' in value && typeof value.value === 'string' && value.value.trim()) options[field.option] = value.value;
    }
    return this.answer(interaction, { command, subcommand: form.subcommand, options });
  }

  private async button(interaction: ButtonInteraction): Promise<Outcome> {
    const invocation = parsePageCustomId(interaction.customId, this.findCommand);
    if (!invocation || !interaction.inGuild()) {
      return this.refuse(interaction, 'This button has expired. Run the command again to get fresh pages.');
    }
    return this.answer(interaction, invocation);
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<Outcome> {
    const command = this.findCommand(interaction.commandName);
    const focused = interaction.options.getFocused(true);
    let choices: { name: string; value: string }[] = [];
    if (command?.autocomplete) {
      const { subcommand, values } = optionValues(interaction.options.data);
      try {
        choices = await command.autocomplete({
          services: this.services,
          scope: interaction.guildId,
          subcommand,
          focused: { name: focused.name, value: String(focused.value) },
          options: values,
        });
      } catch (error) {
        // An empty list is the only answer autocomplete can give; the log keeps the cause.
        this.services.log.error({ err: error, command: interaction.commandName }, 'autocomplete failed');
      }
    }
    await interaction.respond(
      choices.slice(0, AUTOCOMPLETE_LIMIT).map((c) => ({ name: clip(c.name, LIMITS.choice), value: clip(c.value, LIMITS.choice) })),
    );
    return 'choices';
  }

  /**
   * Runs the command and delivers its Reply. Slow commands are deferred first; others are deferred
   * only if they have not answered within DEFER_AFTER_MS, so fast answers keep their own visibility.
   */
  private async answer(interaction: Answerable, invocation: Invocation): Promise<Outcome> {
    const { command, subcommand } = invocation;
    const context = this.context(interaction, invocation);
    // Admin actions answer privately, so their deferral is private too.
    const privately = requiresAdmin(command.spec, subcommand);
    let deferredPrivately: boolean | null = null;
    const defer = async (): Promise<void> => {
      if (interaction.isButton()) await interaction.deferUpdate();
      else await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
      deferredPrivately = privately;
    };
    let reply: Reply;
    if (command.spec.slow) {
      // Deferred before the handler starts: its synchronous part would otherwise delay the acknowledgement.
      await defer();
      reply = await runCommand(command, context);
    } else {
      const running = runCommand(command, context);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), DEFER_AFTER_MS);
      });
      const first = await Promise.race([running, late]);
      clearTimeout(timer);
      if (first === 'late') await defer();
      reply = await running;
    }
    await this.deliver(interaction, reply, invocation, deferredPrivately);
    if (reply.tone === 'error') return 'refused';
    return 'answered';
  }

  private async deliver(interaction: Answerable, reply: Reply, invocation: Invocation, deferredPrivately: boolean | null): Promise<void> {
    const messages = renderReply(reply, { pageButtonId: (page) => pageCustomId(invocation, page) });
    const flags = reply.ephemeral ? MessageFlags.Ephemeral : undefined;
    const [first, ...rest] = messages.map((m) => ({ ...m, flags }));
    if (!first) return;
    if (interaction.isButton() && reply.tone !== 'error') {
      // A page turn replaces the message the button was on.
      const page = { embeds: first.embeds, components: first.components, allowedMentions: first.allowedMentions };
      if (interaction.deferred) await interaction.editReply(page);
      else await interaction.update(page);
    } else if (interaction.isButton()) {
      // A refusal goes to the one who pressed, leaving the page as it was.
      if (interaction.deferred) await interaction.followUp(first as InteractionReplyOptions);
      else await interaction.reply(first as InteractionReplyOptions);
    } else if (deferredPrivately === null) {
      await interaction.reply(first as InteractionReplyOptions);
    } else if (reply.ephemeral && !deferredPrivately) {
      // A public "thinking…" cannot become private: remove it and answer privately instead.
      await interaction.deleteReply();
      await interaction.followUp(first as InteractionReplyOptions);
    } else {
      await interaction.editReply({ embeds: first.embeds, components: first.components, allowedMentions: first.allowedMentions, files: first.files });
    }
    for (const message of rest) await interaction.followUp(message as InteractionReplyOptions);
  }

  private async refuse(interaction: Answerable, message: string): Promise<Outcome> {
    const [rendered] = renderReply(errorReply('Not available', message));
    await interaction.reply({ ...rendered!, flags: MessageFlags.Ephemeral });
    return 'stale';
  }

  /** Last resort after an unexpected error: tell the person, in whatever way the interaction still allows. */
  private async apologise(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const [rendered] = renderReply(errorReply('Something went wrong', 'The bot could not answer this. The error was logged; please try again.'));
    const message = { ...rendered!, flags: MessageFlags.Ephemeral } as const;
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(message);
      else await interaction.reply(message);
    } catch (error) {
      this.services.log.warn({ err: error, interaction: interaction.id }, 'could not send the error message');
    }
  }
}

/** Manage Server, from the member's permissions in this channel as Discord computed them. */
function isAdmin(interaction: Interaction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

function kindOf(interaction: Interaction): string {
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isButton()) return 'button';
  if (interaction.isModalSubmit()) return 'modal';
  return 'other';
}

function labelOf(interaction: Interaction): string | null {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const sub = interaction.options.getSubcommand(false);
    return sub ? `/${interaction.commandName} ${sub}` : `/${interaction.commandName}`;
  }
  if (interaction.isButton() || interaction.isModalSubmit()) return interaction.customId.slice(0, LIMITS.customId);
  return null;
}
