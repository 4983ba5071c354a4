// A fake Discord on 127.0.0.1 for end-to-end tests: REST v10 over HTTP and the gateway over WebSocket,
// enough of both for the real discord.js client to log in, register commands, receive interactions,
// answer them and post to channels. It enforces what real Discord enforces and a bot gets wrong
// (message limits, the 3 s acknowledgement window, one acknowledgement per interaction), records every
// message that lands, and can inject 429/500 responses and drop the gateway connection. Channel posts
// honour nonce + enforce_nonce as Discord does, the channel's history can be read (without nonces, as
// Discord never returns them on a fetch), and a post can be stored and its answer cut off (dropAnswer).
//
// Usage:
//   const discord = await FakeDiscord.start({ guilds: [{ id: GUILD_A }] });
//   ... start the bot with DISCORD_API_URL = discord.apiUrl and DISCORD_TOKEN = discord.token ...
//   await discord.waitForLogin();
//   const answer = await discord.command({ guildId: GUILD_A, name: 'article', subcommand: 'list' });
//   await answer.settled();          // the callback, the edit after a deferral, and follow-ups
//   answer.messages[0].embeds[0].title
//   await discord.close();
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';

/** Discord's limits on one message (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  /** Files on one message, and their bytes summed (https://discord.com/developers/docs/reference#uploading-files). */
  attachments: 10,
  attachmentBytes: 25 * 1024 * 1024,
} as const;

/** Interaction callback types (https://discord.com/developers/docs/interactions/receiving-and-responding). */
export const CallbackType = {
  ChannelMessage: 4,
  DeferredChannelMessage: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export const MANAGE_GUILD = 1n << 5n;
/** What an ordinary member has: view channels, send messages, use application commands. */
export const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 31n);
export const ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD;

export interface FakeGuild {
  id: string;
  name?: string;
  /** Text channels in the guild; one is made up when omitted. */
  channelIds?: string[];
}

export interface FakeDiscordOptions {
  guilds?: FakeGuild[];
  applicationId?: string;
  /** How long an interaction token accepts its first callback (Discord: 3 s). */
  acknowledgeWindowMs?: number;
  /**
   * How long a nonce sent with enforce_nonce makes Discord answer a repeat by the same author in the
   * channel with the message it already made ("the past few minutes"; 0 turns the check off).
   */
  nonceWindowMs?: number;
  /** The bot may read the channel's history (Read Message History); without it Discord lists nothing. */
  readHistory?: boolean;
  /** Shards GET /gateway/bot recommends (Discord: one per 1,000 servers); 1 by default. */
  shards?: number;
  /** session_start_limit.max_concurrency: how many shards may identify per 5 s. */
  maxConcurrency?: number;
}

/** A post Discord accepts and stores, whose answer never reaches the bot: the connection is cut. */
export interface DroppedAnswer {
  /** Matched against the path after /api/v10, e.g. /channels/123/messages. */
  path: RegExp;
  /** Only a post whose first embed title matches (e.g. the second part of a digest). */
  title?: RegExp;
  times?: number;
  /** Matching posts answered normally before the first one is cut. */
  skip?: number;
  /** Runs once the message is stored and before the connection is cut: a test kills the bot here. */
  onAccepted?: (message: LandedMessage) => void;
}

export interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  author?: { name: string };
}

export interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  disabled?: boolean;
  components?: Component[];
}

/** A message body as the bot sent it (interaction reply, edit, follow-up or channel post). */
export interface MessageBody {
  content?: string;
  embeds?: Embed[];
  components?: Component[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
  [key: string]: unknown;
}

export type MessageKind = 'reply' | 'edit' | 'followup' | 'update' | 'channel';

export interface LandedMessage {
  id: string;
  kind: MessageKind;
  /** Interaction id for interaction responses; null for channel posts. */
  interactionId: string | null;
  channelId: string;
  body: MessageBody;
  /** Files uploaded with the message (multipart/form-data), in the order of their files[n] fields. */
  files: ReceivedFile[];
  at: number;
  /** The nonce the bot sent with it, if any. */
  nonce?: string | number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface RegisteredCommand {
  id: string;
  name: string;
  description: string;
  options?: unknown[];
  default_member_permissions?: string | null;
  [key: string]: unknown;
}

export interface InjectedFailure {
  method: string;
  /** Matched against the path after /api/v10, e.g. /channels/123/messages. */
  path: RegExp;
  status: 429 | 500 | 502 | 503;
  times?: number;
  /** Seconds, for 429 (Discord sends a float in the body and the header). */
  retryAfter?: number;
}

export interface OptionInput {
  name: string;
  /** ApplicationCommandOptionType: 3 string, 4 integer, 5 boolean, 7 channel, 10 number, 11 attachment. */
  type: number;
  value: string | number | boolean;
  focused?: boolean;
}

export interface AttachmentInputSpec {
  name: string;
  bytes: Uint8Array | string;
  contentType?: string;
}

export interface InteractionInput {
  guildId: string;
  userId?: string;
  /** Member permissions; ADMIN_PERMISSIONS or MEMBER_PERMISSIONS (default). */
  permissions?: bigint;
  channelId?: string;
}

export interface CommandInput extends InteractionInput {
  name: string;
  subcommand?: string;
  /** Option values by name; their types are taken from the registered command definition. */
  options?: Record<string, string | number | boolean>;
  /** Attachment options by name: served by the fake at a URL, as Discord's CDN would. */
  attachments?: Record<string, AttachmentInputSpec>;
}

export interface AutocompleteInput extends CommandInput {
  focused: string;
}

export interface ButtonInput extends InteractionInput {
  customId: string;
  /** The message the button was on (defaults to a minimal message by the bot). */
  message?: LandedMessage;
}

export interface ModalSubmitInput extends InteractionInput {
  customId: string;
  fields: Record<string, string>;
}

interface Callback {
  type: number;
  data?: MessageBody & { choices?: { name: string; value: unknown }[]; custom_id?: string; title?: string };
}

/** One interaction sent to the bot, and everything the bot answered to it. */
export class SentInteraction {
  callback: Callback | null = null;
  /** Milliseconds from dispatch to the first callback. */
  acknowledgedAfterMs: number | null = null;
  /** Milliseconds from dispatch to the latest message of the answer. */
  lastMessageAfterMs: number | null = null;
  /** The bot deleted its original response (the deferred "thinking…" message). */
  originalDeleted = false;
  readonly messages: LandedMessage[] = [];
  readonly dispatchedAt = performance.now();
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: number,
    readonly channelId: string,
  ) {}

  /** Resolves when the bot has acknowledged (or rejects after timeoutMs). */
  acknowledged(timeoutMs = 5000): Promise<Callback> {
    return this.until(() => this.callback !== null, timeoutMs, 'no acknowledgement').then(() => this.callback!);
  }

  /**
   * Resolves once the answer is complete: a callback that is itself the answer (message, update,
   * autocomplete, modal) or, after a deferral, the edit of the original; then waits `quietMs` for
   * follow-ups of a split answer.
   */
  async settled(timeoutMs = 10_000, quietMs = 150): Promise<LandedMessage[]> {
    await this.until(() => this.isAnswered(), timeoutMs, 'no answer');
    let count = -1;
    while (count !== this.messages.length) {
      count = this.messages.length;
      await sleep(quietMs);
    }
    return this.messages;
  }

  /** Every embed of every message of the answer, in order. */
  embeds(): Embed[] {
    return this.messages.flatMap((m) => m.body.embeds ?? []);
  }

  /** All visible text of the answer (content, titles, descriptions, fields, footers), for assertions. */
  text(): string {
    return this.messages.map((m) => messageText(m.body)).join('\n');
  }

  private isAnswered(): boolean {
    if (!this.callback) return false;
    if (this.callback.type === CallbackType.DeferredChannelMessage || this.callback.type === CallbackType.DeferredUpdateMessage) {
      // After a deferral the answer is the edit, or a follow-up when the "thinking…" message was deleted.
      return this.messages.some((m) => m.kind === 'edit') || (this.originalDeleted && this.messages.some((m) => m.kind === 'followup'));
    }
    return true;
  }

  notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  private until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`interaction ${this.id}: ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
}

export function messageText(body: MessageBody): string {
  const parts: string[] = [];
  if (body.content) parts.push(body.content);
  for (const e of body.embeds ?? []) {
    parts.push(e.author?.name ?? '', e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
    parts.push(e.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

/** A file the bot uploaded: one files[n] part of a multipart/form-data request. */
export interface ReceivedFile {
  field: string;
  filename: string;
  contentType: string | null;
  bytes: Buffer;
}

/**
 * A multipart/form-data body as Discord reads it: the message in the payload_json part, the files in
 * files[n] parts. Null when the body is not well-formed multipart (no boundary, no payload_json, a
 * part without a name). Bytes are kept as they came: a PNG must arrive byte for byte.
 */
export function parseMultipart(raw: Buffer, contentType: string): { payload: unknown; files: ReceivedFile[] } | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: ReceivedFile[] = [];
  let payload: unknown;
  let hasPayload = false;
  let start = raw.indexOf(delimiter);
  if (start < 0) return null;
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    // "--" after a delimiter closes the body.
    if (raw.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headersStart = afterDelimiter + 2; // CRLF
    const headersEnd = raw.indexOf('\r\n\r\n', headersStart);
    const next = raw.indexOf(delimiter, headersStart);
    if (headersEnd < 0 || next < 0 || headersEnd > next) return null;
    const headers = raw.subarray(headersStart, headersEnd).toString('utf8');
    const content = raw.subarray(headersEnd + 4, next - 2); // the CRLF before the delimiter is not content
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return null;
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name === 'payload_json') {
      try {
        payload = JSON.parse(content.toString('utf8'));
        hasPayload = true;
      } catch {
        return null;
      }
    } else if (filename !== undefined) {
      files.push({ field: name, filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? null, bytes: Buffer.from(content) });
    }
    start = next;
  }
  return hasPayload ? { payload, files } : null;
}

/** Discord's error tree: nested by field path, with `_errors` at the leaves. */
export type ErrorTree = { [key: string]: unknown };

function fieldError(code: string, message: string): ErrorTree {
  return { _errors: [{ code, message }] };
}

/** Checks a message body against Discord's limits; returns Discord's `errors` tree, or null when valid. */
export function messageLimitErrors(body: MessageBody): ErrorTree | null {
  const errors: ErrorTree = {};
  const fail = (path: (string | number)[], code: string, message: string): void => {
    let node = errors;
    for (const key of path) node = (node[String(key)] ??= {}) as ErrorTree;
    ((node._errors ??= []) as unknown[]).push({ code, message });
  };
  const maxLength = (path: (string | number)[], value: unknown, max: number, required = false): number => {
    if (value === undefined || value === null) {
      if (required) fail(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return 0;
    }
    const length = String(value).length;
    if (length > max) fail(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    if (required && length === 0) fail(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return length;
  };
  maxLength(['content'], body.content, DISCORD_LIMITS.content);
  const embeds = body.embeds ?? [];
  if (embeds.length > DISCORD_LIMITS.embeds) fail(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.embeds} or fewer in length.`);
  let total = 0;
  embeds.forEach((embed, i) => {
    total += maxLength(['embeds', i, 'title'], embed.title, DISCORD_LIMITS.title);
    total += maxLength(['embeds', i, 'description'], embed.description, DISCORD_LIMITS.description);
    total += maxLength(['embeds', i, 'footer', 'text'], embed.footer?.text, DISCORD_LIMITS.footer);
    total += maxLength(['embeds', i, 'author', 'name'], embed.author?.name, DISCORD_LIMITS.author);
    const fields = embed.fields ?? [];
    if (fields.length > DISCORD_LIMITS.fields) fail(['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.fields} or fewer in length.`);
    fields.forEach((field, j) => {
      total += maxLength(['embeds', i, 'fields', j, 'name'], field.name, DISCORD_LIMITS.fieldName, true);
      total += maxLength(['embeds', i, 'fields', j, 'value'], field.value, DISCORD_LIMITS.fieldValue, true);
    });
  });
  if (total > DISCORD_LIMITS.embedTotal) fail(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${DISCORD_LIMITS.embedTotal}`);
  const rows = body.components ?? [];
  if (rows.length > DISCORD_LIMITS.actionRows) fail(['components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.actionRows} or fewer in length.`);
  rows.forEach((row, i) => {
    const children = row.components ?? [];
    if (children.length > DISCORD_LIMITS.rowComponents) fail(['components', i, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    children.forEach((c, j) => {
      maxLength(['components', i, 'components', j, 'custom_id'], c.custom_id, DISCORD_LIMITS.customId);
      maxLength(['components', i, 'components', j, 'label'], c.label, DISCORD_LIMITS.buttonLabel);
    });
  });
  return Object.keys(errors).length ? errors : null;
}

/** Checks uploaded files against Discord's limits on one message: at most 10, at most 25 MiB together. */
export function fileLimitErrors(files: ReceivedFile[]): ErrorTree | null {
  if (files.length > DISCORD_LIMITS.attachments) return { attachments: fieldError('BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_LIMITS.attachments} or fewer in length.`) };
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  if (bytes > DISCORD_LIMITS.attachmentBytes) return { files: fieldError('REQUEST_ENTITY_TOO_LARGE', `Request entity too large: ${bytes} bytes.`) };
  return null;
}

/** Checks a modal against Discord's limits: title and labels 45, custom ids 100, 5 rows, inputs 4000. */
export function modalLimitErrors(modal: { custom_id?: string; title?: string; components?: Component[] }): ErrorTree | null {
  const errors: ErrorTree = {};
  if (!modal.custom_id || modal.custom_id.length > DISCORD_LIMITS.customId) errors.custom_id = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  if (!modal.title || modal.title.length > 45) errors.title = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.');
  const rows = modal.components ?? [];
  if (rows.length < 1 || rows.length > DISCORD_LIMITS.actionRows) errors.components = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  rows.forEach((row, i) => {
    for (const input of row.components ?? []) {
      const { label, custom_id: id, max_length: max } = input as Component & { max_length?: number };
      if (!label || label.length > 45) errors[`components.${i}.label`] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.');
      if (!id || id.length > DISCORD_LIMITS.customId) errors[`components.${i}.custom_id`] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if (max !== undefined && (max < 1 || max > 4000)) errors[`components.${i}.max_length`] = fieldError('NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
    }
  });
  return Object.keys(errors).length ? errors : null;
}

/**
 * A command definition as Discord hands it back: false flags (`required`, `autocomplete`) and empty
 * option lists left out, defaults (`nsfw`, `integration_types`) filled in. A bot that compares what it
 * would register with what is registered must see through this.
 */
function asDiscordReturnsIt(definition: Record<string, unknown>): Record<string, unknown> {
  const option = (o: Record<string, unknown>): Record<string, unknown> => {
    const { required, autocomplete, options, ...rest } = o;
    return {
      ...rest,
      ...(required ? { required } : {}),
      ...(autocomplete ? { autocomplete } : {}),
      ...(Array.isArray(options) && options.length ? { options: options.map(option) } : {}),
    };
  };
  const { options, ...rest } = definition;
  return {
    nsfw: false,
    integration_types: [0],
    ...rest,
    ...(Array.isArray(options) && options.length ? { options: options.map(option) } : {}),
  };
}

interface Session {
  id: string;
  /** The shard this session is, of how many. */
  shard: [number, number];
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  log: { s: number; payload: string }[];
}

interface PendingInteraction {
  interaction: SentInteraction;
  deadline: number;
}

const GATEWAY_PATH = '/gateway';
const ATTACHMENT_PATH = '/attachments/';

let snowflakeCounter = 0n;
/** Unique, increasing, Discord-shaped ids (17 to 20 digits). */
export function snowflake(): string {
  snowflakeCounter += 1n;
  return ((BigInt(Date.now() - 1_420_070_400_000) << 22n) + snowflakeCounter).toString();
}

export class FakeDiscord {
  readonly token = `fake.${randomBytes(12).toString('hex')}`;
  readonly applicationId: string;
  readonly botUserId = snowflake();
  readonly guilds: Required<FakeGuild>[];
  /** Every REST request, in order, with the status the fake answered. */
  readonly requests: RecordedRequest[] = [];
  /** Every message that landed (accepted), in order. */
  readonly messages: LandedMessage[] = [];
  /** Payloads the fake refused for breaking a limit, with Discord's error tree. */
  readonly rejected: { path: string; errors: ErrorTree }[] = [];
  /** Registered commands: key '' for global, else the guild id. */
  readonly registered = new Map<string, RegisteredCommand[]>();
  /** How many bulk overwrites (PUT) were made, per key as in `registered`. */
  readonly overwrites = new Map<string, number>();
  identifies = 0;
  resumes = 0;
  /** Posts answered with an earlier message because of their nonce. */
  nonceRepeats = 0;

  private readonly failures: Required<InjectedFailure>[] = [];
  private readonly drops: (DroppedAnswer & { times: number; skip: number })[] = [];
  /** Requests answered with a created message that the bot never received. */
  droppedAnswers = 0;
  private readonly interactions = new Map<string, PendingInteraction>();
  private readonly byToken = new Map<string, SentInteraction>();
  private readonly attachments = new Map<string, AttachmentInputSpec>();
  private readonly loginWaiters = new Set<() => void>();
  /** One gateway connection and session per shard (shard 0 of 1 for an unsharded bot). */
  private readonly links = new Map<number, { socket: WebSocket | null; session: Session | null }>();
  /** The shard count the bot identified with. */
  private shardCount = 1;
  private baseUrl = '';

  private constructor(
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    private readonly options: FakeDiscordOptions,
  ) {
    this.applicationId = options.applicationId ?? snowflake();
    this.guilds = (options.guilds ?? [{ id: snowflake() }]).map((g, i) => ({
      id: g.id,
      name: g.name ?? `Guild ${i + 1}`,
      channelIds: g.channelIds ?? [snowflake()],
    }));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = http.createServer();
    const wss = new WebSocketServer({ noServer: true });
    const fake = new FakeDiscord(server, wss, options);
    server.on('request', (req, res) => void fake.handleHttp(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith(GATEWAY_PATH)) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => fake.handleGateway(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The value for DISCORD_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  get gatewayUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}${GATEWAY_PATH}`;
  }

  /** Every shard the bot identified with is connected and has its session. */
  get connected(): boolean {
    for (let shard = 0; shard < this.shardCount; shard += 1) {
      const link = this.links.get(shard);
      if (!(link?.socket?.readyState === WebSocket.OPEN && link.session !== null && link.session.shard[1] === this.shardCount)) return false;
    }
    return true;
  }

  /** The shard a guild's events go to: Discord's formula, (guild_id >> 22) % shard count. */
  shardOf(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount));
  }

  /** Resolves once every shard has identified and received READY and its GUILD_CREATEs. */
  waitForLogin(timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.connected, timeoutMs, 'no gateway login');
  }

  /** Makes the next `times` requests matching method+path fail with `status`. */
  inject(failure: InjectedFailure): void {
    this.failures.push({ times: 1, retryAfter: 0.05, ...failure });
  }

  /**
   * Stores the next `times` matching posts as Discord would, then destroys the connection instead of
   * answering: the bot cannot know the message landed.
   */
  dropAnswer(drop: DroppedAnswer): void {
    this.drops.push({ ...drop, times: drop.times ?? 1, skip: drop.skip ?? 0 });
  }

  /** Closes a shard's gateway connection as Discord does on an unknown error (4000): the client should resume. */
  dropGateway(code = 4000, shard = 0): void {
    this.links.get(shard)?.socket?.close(code, 'dropped by the test');
  }

  /** Resolves when the client has resumed `count` times in total. */
  waitForResume(count = 1, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.resumes >= count && this.connected, timeoutMs, 'no resume');
  }

  /** Messages posted to a channel (not interaction responses). */
  channelMessages(channelId?: string): LandedMessage[] {
    return this.messages.filter((m) => m.kind === 'channel' && (channelId === undefined || m.channelId === channelId));
  }

  /** Sends a slash command, typed from the registered definition (guild commands first, then global). */
  command(input: CommandInput): SentInteraction {
    return this.dispatchInteraction(2, input, this.commandData(input, null));
  }

  autocomplete(input: AutocompleteInput): SentInteraction {
    return this.dispatchInteraction(4, input, this.commandData(input, input.focused));
  }

  button(input: ButtonInput): SentInteraction {
    const guild = this.guilds.find((g) => g.id === input.guildId);
    // Discord always sends the message the button is on; a made-up one stands in when the test has none.
    const message = input.message ?? { id: snowflake(), kind: 'reply', interactionId: null, channelId: input.channelId ?? guild?.channelIds[0] ?? '', body: { content: 'earlier answer' }, files: [], at: Date.now() };
    return this.dispatchInteraction(3, input, { custom_id: input.customId, component_type: 2 }, this.messageObject(message));
  }

  modalSubmit(input: ModalSubmitInput): SentInteraction {
    const components = Object.entries(input.fields).map(([id, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: id, value }],
    }));
    return this.dispatchInteraction(5, input, { custom_id: input.customId, components });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.links.clear();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- interactions

  private findDefinition(guildId: string, name: string): RegisteredCommand {
    const definition =
      this.registered.get(guildId)?.find((c) => c.name === name) ?? this.registered.get('')?.find((c) => c.name === name);
    if (!definition) throw new Error(`the bot has not registered /${name} (registered: ${[...this.registered.values()].flat().map((c) => c.name).join(', ')})`);
    return definition;
  }

  private commandData(input: CommandInput, focused: string | null): Record<string, unknown> {
    const definition = this.findDefinition(input.guildId, input.name);
    type OptionDefinition = { name: string; type: number; options?: OptionDefinition[] };
    let optionDefinitions = (definition.options ?? []) as OptionDefinition[];
    if (input.subcommand) {
      const sub = optionDefinitions.find((o) => o.name === input.subcommand && o.type === 1);
      if (!sub) throw new Error(`/${input.name} has no subcommand ${input.subcommand}`);
      optionDefinitions = sub.options ?? [];
    }
    const typeOf = (name: string): number => {
      const found = optionDefinitions.find((o) => o.name === name);
      if (!found) throw new Error(`/${input.name} ${input.subcommand ?? ''} has no option ${name}`);
      return found.type;
    };
    const options: OptionInput[] = Object.entries(input.options ?? {}).map(([name, value]) => ({
      name,
      type: typeOf(name),
      value,
      ...(name === focused ? { focused: true } : {}),
    }));
    const resolvedAttachments: Record<string, unknown> = {};
    for (const [name, attachment] of Object.entries(input.attachments ?? {})) {
      const id = snowflake();
      this.attachments.set(id, attachment);
      const size = typeof attachment.bytes === 'string' ? Buffer.byteLength(attachment.bytes) : attachment.bytes.byteLength;
      const url = `${this.baseUrl}${ATTACHMENT_PATH}${id}/${encodeURIComponent(attachment.name)}`;
      resolvedAttachments[id] = {
        id,
        filename: attachment.name,
        size,
        url,
        proxy_url: url,
        content_type: attachment.contentType ?? 'text/plain; charset=utf-8',
      };
      options.push({ name, type: typeOf(name), value: id });
    }
    return {
      id: definition.id,
      name: input.name,
      type: 1,
      options: input.subcommand ? [{ name: input.subcommand, type: 1, options }] : options,
      ...(Object.keys(resolvedAttachments).length ? { resolved: { attachments: resolvedAttachments } } : {}),
    };
  }

  private dispatchInteraction(type: number, input: InteractionInput, data: unknown, message: unknown = null): SentInteraction {
    const guild = this.guilds.find((g) => g.id === input.guildId);
    if (!guild) throw new Error(`unknown guild ${input.guildId}`);
    const channelId = input.channelId ?? guild.channelIds[0]!;
    const id = snowflake();
    const token = `itoken.${randomBytes(16).toString('hex')}`;
    const interaction = new SentInteraction(id, token, type, channelId);
    this.interactions.set(id, { interaction, deadline: Date.now() + (this.options.acknowledgeWindowMs ?? 3000) });
    this.byToken.set(token, interaction);
    const userId = input.userId ?? '100000000000000001';
    this.dispatch(this.shardOf(guild.id), 'INTERACTION_CREATE', {
      id,
      application_id: this.applicationId,
      type,
      data,
      guild_id: guild.id,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guild.id, name: 'general' },
      member: {
        user: { id: userId, username: `user${userId.slice(-4)}`, discriminator: '0', avatar: null, global_name: null },
        roles: [],
        permissions: String(input.permissions ?? MEMBER_PERMISSIONS),
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      token,
      version: 1,
      app_permissions: String(MEMBER_PERMISSIONS),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(message ? { message } : {}),
    });
    return interaction;
  }

  // ---------------------------------------------------------------- gateway

  private dispatch(shard: number, t: string, d: unknown): void {
    const link = this.links.get(shard);
    const session = link?.session;
    if (!link || !session) throw new Error(`no gateway session for shard ${shard}: call waitForLogin() first`);
    session.seq += 1;
    const payload = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.log.push({ s: session.seq, payload });
    // While the connection is down, events wait in the session log and are replayed on RESUME.
    if (link.socket?.readyState === WebSocket.OPEN) link.socket.send(payload);
  }

  /** Makes `ws` the connection of `shard`, replacing (and closing) any earlier one. */
  private attach(ws: WebSocket, shard: number, session: Session): void {
    const link = this.links.get(shard);
    if (link?.socket && link.socket !== ws) link.socket.close(4000, 'replaced by a new connection');
    this.links.set(shard, { socket: ws, session });
  }

  private handleGateway(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      let message: { op: number; d: unknown };
      try {
        message = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      this.onGatewayMessage(ws, message);
    });
    ws.on('close', () => {
      for (const link of this.links.values()) if (link.socket === ws) link.socket = null;
    });
  }

  private onGatewayMessage(ws: WebSocket, message: { op: number; d: unknown }): void {
    switch (message.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11 }));
        return;
      case 2: {
        const identify = message.d as { token: string; intents: number; shard?: [number, number] };
        if (identify.token !== this.token) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        const [shard, count] = identify.shard ?? [0, 1];
        if (!(Number.isInteger(shard) && Number.isInteger(count) && shard >= 0 && shard < count)) {
          ws.close(4010, 'Invalid shard.');
          return;
        }
        this.identifies += 1;
        this.shardCount = count;
        const session: Session = { id: randomBytes(16).toString('hex'), shard: [shard, count], seq: 0, log: [] };
        this.attach(ws, shard, session);
        const guilds = this.guilds.filter((g) => this.shardOf(g.id) === shard);
        this.dispatch(shard, 'READY', {
          v: 10,
          user: { id: this.botUserId, username: 'brief-bot', discriminator: '0', avatar: null, bot: true, global_name: null, flags: 0 },
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: this.gatewayUrl,
          shard: [shard, count],
          application: { id: this.applicationId, flags: 0 },
        });
        for (const guild of guilds) this.dispatch(shard, 'GUILD_CREATE', this.guildObject(guild));
        this.notifyLogin();
        return;
      }
      case 6: {
        const resume = message.d as { token: string; session_id: string; seq: number };
        const session = [...this.links.values()].map((link) => link.session).find((s) => s?.id === resume.session_id);
        if (resume.token !== this.token || !session) {
          ws.send(JSON.stringify({ op: 9, d: false }));
          return;
        }
        this.attach(ws, session.shard[0], session);
        for (const event of session.log) if (event.s > resume.seq) ws.send(event.payload);
        this.resumes += 1;
        session.seq += 1;
        ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.seq, d: {} }));
        this.notifyLogin();
        return;
      }
      default:
        return; // presence and voice updates: not used by this bot
    }
  }

  private guildObject(guild: Required<FakeGuild>): Record<string, unknown> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: '100000000000000000',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
      features: [],
      roles: [{ id: guild.id, name: '@everyone', permissions: String(MEMBER_PERMISSIONS), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      channels: guild.channelIds.map((id, i) => ({ id, type: 0, name: `channel-${i + 1}`, position: i, guild_id: guild.id, permission_overwrites: [] })),
      threads: [],
      members: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: new Date(0).toISOString(),
    };
  }

  private notifyLogin(): void {
    for (const waiter of this.loginWaiters) waiter();
  }

  private waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.loginWaiters.delete(check);
        reject(new Error(`fake Discord: ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.loginWaiters.delete(check);
        resolve();
      };
      this.loginWaiters.add(check);
    });
  }

  // ---------------------------------------------------------------- REST

  private async handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    if (url.pathname.startsWith(ATTACHMENT_PATH)) return this.serveAttachment(url, res);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    let body: unknown = null;
    let files: ReceivedFile[] = [];
    const contentType = String(req.headers['content-type']);
    if (raw && contentType.startsWith('multipart/form-data')) {
      const form = parseMultipart(bytes, contentType);
      if (!form) return this.send(res, method, path, body, 400, { code: 50035, message: 'Invalid Form Body' });
      ({ payload: body, files } = form);
    } else if (raw) {
      if (!contentType.startsWith('application/json')) {
        return this.send(res, method, path, body, 400, { code: 50109, message: 'The request body contains invalid JSON.' });
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return this.send(res, method, path, body, 400, { code: 50109, message: 'The request body contains invalid JSON.' });
      }
    }
    const failure = this.failures.find((f) => f.method === method && f.path.test(path) && f.times > 0);
    if (failure) {
      failure.times -= 1;
      if (failure.status === 429) {
        res.setHeader('retry-after', String(failure.retryAfter));
        res.setHeader('x-ratelimit-scope', 'user');
        return this.send(res, method, path, body, 429, { message: 'You are being rate limited.', retry_after: failure.retryAfter, global: false });
      }
      return this.send(res, method, path, body, failure.status, { message: 'Internal Server Error', code: 0 });
    }
    const authorised = req.headers.authorization === `Bot ${this.token}`;
    const route = this.route(method, path, url, body, authorised, files);
    const landed = route.status === 200 && method === 'POST' ? this.messages.at(-1) : undefined;
    const drop = landed && route.created ? this.drops.find((d) => d.times > 0 && d.path.test(path) && (!d.title || d.title.test(landed.body.embeds?.[0]?.title ?? ''))) : undefined;
    if (drop && landed && drop.skip > 0) {
      drop.skip -= 1;
    } else if (drop && landed) {
      drop.times -= 1;
      this.droppedAnswers += 1;
      this.requests.push({ method, path, status: 0, body });
      drop.onAccepted?.(landed);
      res.socket?.destroy();
      return;
    }
    return this.send(res, method, path, body, route.status, route.body);
  }

  private route(method: string, path: string, url: URL, body: unknown, authorised: boolean, files: ReceivedFile[] = []): { status: number; body: unknown; created?: boolean } {
    const unauthorised = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    let m: RegExpMatchArray | null;
    if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.interactionCallback(m[1]!, m[2]!, body as Callback, url.searchParams.get('with_response') === 'true', files);
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      return this.webhook(method, m[1]!, m[2]!, m[3] ?? null, body as MessageBody, files);
    }
    if (!authorised) return unauthorised;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.options.shards ?? 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.options.maxConcurrency ?? 1 },
        },
      };
    }
    if (method === 'GET' && path === '/users/@me') {
      return { status: 200, body: { id: this.botUserId, username: 'brief-bot', discriminator: '0', avatar: null, bot: true } };
    }
    if (method === 'GET' && path === '/applications/@me') {
      return { status: 200, body: { id: this.applicationId, name: 'brief-bot', flags: 0, bot_public: false } };
    }
    if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      if (m[1] !== this.applicationId) return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
      const key = m[2] ?? '';
      if (method === 'GET') return { status: 200, body: this.registered.get(key) ?? [] };
      if (method === 'PUT') return this.overwriteCommands(key, body);
    }
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const guild = this.guilds.find((g) => g.channelIds.includes(m![1]!));
      if (!guild) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return { status: 200, body: { id: m[1], type: 0, guild_id: guild.id, name: 'channel', position: 0, permission_overwrites: [] } };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!this.guilds.some((g) => g.channelIds.includes(m![1]!))) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return this.postToChannel(m[1]!, body as MessageBody, files);
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'GET') {
      if (!this.guilds.some((g) => g.channelIds.includes(m![1]!))) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return { status: 200, body: this.history(m[1]!, url.searchParams) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private interactionCallback(id: string, token: string, callback: Callback, withResponse: boolean, files: ReceivedFile[] = []): { status: number; body: unknown } {
    const pending = this.interactions.get(id);
    if (!pending || pending.interaction.token !== token || Date.now() > pending.deadline) {
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    }
    const { interaction } = pending;
    if (interaction.callback) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    const data = callback.data ?? {};
    let landed: { status: number; body: unknown } | null = null;
    if (callback.type === CallbackType.ChannelMessage || callback.type === CallbackType.UpdateMessage) {
      landed = this.land(callback.type === CallbackType.ChannelMessage ? 'reply' : 'update', interaction, interaction.channelId, data, files);
      if (landed.status !== 200) return landed;
    } else if (callback.type === CallbackType.AutocompleteResult) {
      const choices = data.choices ?? [];
      if (choices.length > DISCORD_LIMITS.choices) {
        return this.invalid('/callback', { data: { choices: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') } });
      }
    } else if (callback.type === CallbackType.Modal) {
      const errors = modalLimitErrors(data);
      if (errors) return this.invalid('/callback', { data: errors });
    } else if (callback.type !== CallbackType.DeferredChannelMessage && callback.type !== CallbackType.DeferredUpdateMessage) {
      return this.invalid('/callback', { type: fieldError('BASE_TYPE_CHOICES', 'Value must be one of (1, 4, 5, 6, 7, 8, 9, 10, 12).') });
    }
    interaction.callback = callback;
    interaction.acknowledgedAfterMs = performance.now() - interaction.dispatchedAt;
    interaction.notify();
    if (!withResponse) return { status: 204, body: null };
    return { status: 200, body: { interaction: { id, type: interaction.type }, resource: { type: callback.type, message: landed?.body } } };
  }

  private webhook(method: string, appId: string, token: string, messageId: string | null, body: MessageBody, files: ReceivedFile[] = []): { status: number; body: unknown } {
    const interaction = this.byToken.get(token);
    if (appId !== this.applicationId || !interaction || !interaction.callback) {
      return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    }
    if (method === 'POST' && messageId === null) return this.land('followup', interaction, interaction.channelId, body, files);
    if (method === 'PATCH' && messageId !== null) return this.land('edit', interaction, interaction.channelId, body, files);
    if (method === 'GET' && messageId !== null) {
      const original = interaction.messages.find((m) => m.kind !== 'followup');
      if (!original) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      return { status: 200, body: this.messageObject(original) };
    }
    if (method === 'DELETE' && messageId === '@original') {
      interaction.originalDeleted = true;
      return { status: 204, body: null };
    }
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }

  private overwriteCommands(key: string, body: unknown): { status: number; body: unknown } {
    if (!Array.isArray(body)) return this.invalid('/commands', fieldError('BASE_TYPE_ARRAY', 'Must be an array.'));
    const errors: ErrorTree = {};
    (body as RegisteredCommand[]).forEach((command, i) => {
      if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(command.name ?? '')) errors[i] = { name: fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid') };
      const length = (command.description ?? '').length;
      if (length < 1 || length > 100) errors[i] = { description: fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.') };
    });
    if (Object.keys(errors).length) return this.invalid('/commands', errors);
    const previous = this.registered.get(key) ?? [];
    const stored = (body as RegisteredCommand[]).map((command) => ({
      ...(asDiscordReturnsIt(command) as RegisteredCommand),
      id: previous.find((p) => p.name === command.name)?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: command.default_member_permissions ?? null,
      type: 1,
    }));
    this.registered.set(key, stored);
    this.overwrites.set(key, (this.overwrites.get(key) ?? 0) + 1);
    return { status: 200, body: stored };
  }

  /**
   * A channel post. With enforce_nonce and a nonce, a message the bot made in this channel with the
   * same nonce within the window is answered again and nothing new is made, as Discord does.
   */
  private postToChannel(channelId: string, body: MessageBody, files: ReceivedFile[] = []): { status: number; body: unknown; created?: boolean } {
    const nonce = (body ?? {}).nonce as unknown;
    if (nonce !== undefined && !(typeof nonce === 'string' ? nonce.length <= 25 : Number.isInteger(nonce))) {
      return this.invalid('channel', { nonce: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') });
    }
    const window = this.options.nonceWindowMs ?? 2 * 60_000;
    if (nonce !== undefined && body.enforce_nonce === true && window > 0) {
      const earlier = this.messages.find((m) => m.kind === 'channel' && m.channelId === channelId && m.nonce === nonce && Date.now() - m.at <= window);
      if (earlier) {
        this.nonceRepeats += 1;
        return { status: 200, body: { ...this.messageObject(earlier), nonce } };
      }
    }
    const landed = this.land('channel', null, channelId, body, files);
    if (landed.status !== 200) return landed;
    const message = this.messages.at(-1)!;
    if (nonce !== undefined) message.nonce = nonce as string | number;
    return { status: 200, body: { ...(landed.body as object), ...(nonce !== undefined ? { nonce } : {}) }, created: true };
  }

  /** GET /channels/{id}/messages: newest first, `limit` (1..100, default 50) before `before`; never the nonce. */
  private history(channelId: string, params: URLSearchParams): unknown[] {
    if (this.options.readHistory === false) return [];
    const limit = Math.min(100, Math.max(1, Number(params.get('limit') ?? 50) || 50));
    const before = params.get('before');
    return this.messages
      .filter((m) => m.channelId === channelId && (m.kind === 'channel' || m.kind === 'reply' || m.kind === 'followup'))
      .filter((m) => before === null || BigInt(m.id) < BigInt(before))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit)
      .map((m) => this.messageObject(m));
  }

  private land(kind: MessageKind, interaction: SentInteraction | null, channelId: string, body: MessageBody, files: ReceivedFile[] = []): { status: number; body: unknown } {
    const errors = messageLimitErrors(body ?? {}) ?? fileLimitErrors(files);
    if (errors) return this.invalid(kind, errors);
    const hasContent = Boolean(body.content) || Boolean(body.embeds?.length) || files.length > 0;
    if (!hasContent && kind !== 'update' && kind !== 'edit') {
      return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    }
    const original = kind === 'edit' ? interaction?.messages.find((m) => m.kind === 'reply' || m.kind === 'edit') : undefined;
    const message: LandedMessage = {
      id: original?.id ?? snowflake(),
      kind,
      interactionId: interaction?.id ?? null,
      channelId,
      body,
      files,
      at: Date.now(),
    };
    this.messages.push(message);
    if (interaction) {
      interaction.messages.push(message);
      interaction.lastMessageAfterMs = performance.now() - interaction.dispatchedAt;
      interaction.notify();
    }
    return { status: 200, body: this.messageObject(message) };
  }

  private invalid(where: string, errors: ErrorTree): { status: number; body: unknown } {
    this.rejected.push({ path: where, errors });
    return { status: 400, body: { code: 50035, errors, message: 'Invalid Form Body' } };
  }

  private messageObject(message: LandedMessage): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channelId,
      author: { id: this.botUserId, username: 'brief-bot', discriminator: '0', avatar: null, bot: true },
      content: message.body.content ?? '',
      timestamp: new Date(message.at).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.files.map((f, i) => ({ id: `${message.id}${i}`, filename: f.filename, size: f.bytes.length, content_type: f.contentType, url: `${this.baseUrl}/uploads/${message.id}/${f.filename}`, proxy_url: `${this.baseUrl}/uploads/${message.id}/${f.filename}` })),
      embeds: message.body.embeds ?? [],
      components: message.body.components ?? [],
      pinned: false,
      type: message.interactionId ? 20 : 0,
      flags: message.body.flags ?? 0,
      application_id: this.applicationId,
    };
  }

  private serveAttachment(url: URL, res: http.ServerResponse): void {
    const id = url.pathname.slice(ATTACHMENT_PATH.length).split('/')[0] ?? '';
    const attachment = this.attachments.get(id);
    if (!attachment) {
      res.writeHead(404).end('Not found');
      return;
    }
    const bytes = typeof attachment.bytes === 'string' ? Buffer.from(attachment.bytes) : Buffer.from(attachment.bytes);
    res.writeHead(200, { 'content-type': attachment.contentType ?? 'text/plain; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  }

  private send(res: http.ServerResponse, method: string, path: string, body: unknown, status: number, answer: unknown): void {
    this.requests.push({ method, path, status, body });
    if (answer === null) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }
}
