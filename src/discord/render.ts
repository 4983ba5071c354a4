// The one renderer from a Reply to Discord messages. Everything the bot sends (interaction replies,
// follow-ups, page turns, scheduled posts) goes through renderReply, which is where Discord's limits
// are enforced, article text is escaped and mentions are switched off, so no caller can forget.
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  type Client,
  ComponentType,
} from 'discord.js';
import { splitSentences } from '../nlp/sentences.ts';
import type { Reply, ReplyLink } from '../reply.ts';
import { clip } from '../present/text.ts';

/** The Discord limits the renderer works to (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  footer: 2048,
  /** Characters summed over every embed of one message. */
  embedTotal: 6000,
  customId: 100,
  /** An autocomplete choice's name and value. */
  choice: 100,
  /** Files on one message, and their bytes summed (https://discord.com/developers/docs/reference#uploading-files). */
  attachmentsPerMessage: 10,
  attachmentBytes: 25 * 1024 * 1024,
  attachmentDescription: 1024,
} as const;

/**
 * The most messages one answer may take. A Reply longer than this is cut at a block boundary and says
 * so in its footer: a wall of ten messages is never what a person wanted, and commands page instead.
 */
export const MAX_MESSAGES = 5;

/**
 * The largest unbreakable piece of text: it must fit an empty embed of a message that also carries a
 * full-length title and footer (256 + 2048 + 3500 < 6000) and an empty description (< 4096).
 */
const MAX_BLOCK = 3500;

const TONE_COLOURS: Record<NonNullable<Reply['tone']>, number> = {
  info: 0x3b82f6,
  success: 0x16a34a,
  warning: 0xd97706,
  error: 0xdc2626,
};

/** A file as discord.js uploads it (multipart: payload_json and files[n]). */
export interface RenderedFile {
  attachment: Buffer;
  name: string;
  description: string;
}

export interface RenderedMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  /** Only on the first message, and only when the Reply has attachments. */
  files?: RenderedFile[];
}

export interface RenderOptions {
  /**
   * The custom id of a button that shows page N of this answer, or null when the state does not fit
   * Discord's 100-character custom id (the footer then tells people to ask for page:N).
   */
  pageButtonId?: (page: number) => string | null;
}

const MARKDOWN_CHARACTER = /[\\*_~`|[\]<>]/g;
const LINE_MARKER = /^([ \t]*)([#+-])/gm;
const NUMBERED_ITEM = /^([ \t]*\d+)\./gm;
const BARE_URL = /(https?:\/\/[^\s<>]+)/;

/**
 * Article text as literal text: every Markdown character escaped, and line-start markers (headings,
 * lists) too; `<` is escaped so <@id>, <#id> and <t:…> never render as mentions or timestamps. Bare
 * URLs are left alone, since Discord links them before Markdown and a backslash would break them.
 * One linear pass: discord.js's escapeMarkdown is super-linear (60,000 characters took 80 s).
 */
export function escapeText(text: string): string {
  return text
    .split(BARE_URL)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(MARKDOWN_CHARACTER, '\\$&').replace(LINE_MARKER, '$1\\$2').replace(NUMBERED_ITEM, '$1\\.')))
    .join('');
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A link as one unbreakable Markdown piece; a non-web URL is shown as text, never as a link. */
export function renderLink(link: ReplyLink): string {
  const label = escapeText(clip(link.label.replace(/[[\]]/g, ''), 200) || link.url);
  if (!isWebUrl(link.url)) return `${label}: ${escapeText(link.url)}`;
  // Parentheses and spaces would end the Markdown link early.
  const url = link.url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${label}](<${url}>)`;
}

/**
 * Splits an escaped line into pieces of at most MAX_BLOCK characters: at sentence boundaries, and
 * only inside a sentence (at a space) when that sentence alone is longer than the limit.
 */
function splitLine(line: string): string[] {
  if (line.length <= MAX_BLOCK) return [line];
  const starts = splitSentences(line).map((s) => s.start).filter((start) => start > 0);
  const sentences: string[] = [];
  let from = 0;
  for (const start of [...starts, line.length]) {
    if (start > from) sentences.push(line.slice(from, start).trimEnd());
    from = start;
  }
  const pieces: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current) pieces.push(current);
    current = '';
  };
  for (const sentence of sentences.flatMap(splitLongSentence)) {
    if (current && current.length + 1 + sentence.length > MAX_BLOCK) flush();
    current = current ? `${current} ${sentence}` : sentence;
  }
  flush();
  return pieces;
}

function splitLongSentence(sentence: string): string[] {
  if (sentence.length <= MAX_BLOCK) return [sentence];
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_BLOCK) {
    let cut = rest.lastIndexOf(' ', MAX_BLOCK);
    if (cut < MAX_BLOCK / 2) cut = MAX_BLOCK;
    // Never leave a dangling escape backslash at the end of a piece.
    while (cut > 1 && rest[cut - 1] === '\\') cut--;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

interface Block {
  text: string;
  /** A heading stays with the block after it. */
  heading: boolean;
}

function replyBlocks(reply: Reply, fullTitle: string | null): Block[] {
  const blocks: Block[] = [];
  const text = (t: string): void => {
    for (const piece of splitLine(t)) blocks.push({ text: piece, heading: false });
  };
  if (fullTitle) text(`**${escapeText(fullTitle)}**`);
  if (reply.description) text(escapeText(reply.description));
  for (const section of reply.sections) {
    if (section.heading) blocks.push({ text: `**${escapeText(clip(section.heading, 200))}**`, heading: true });
    for (const line of section.lines) text(escapeText(line));
    for (const link of section.links ?? []) blocks.push({ text: renderLink(link), heading: false });
  }
  return blocks;
}

function embedSize(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
}

/**
 * Packs blocks into embed descriptions and embeds into messages, greedily: a block goes into the
 * current embed if the description stays within 4096 and the message within 6000 characters, else
 * into a new embed, else into a new message. `reserve` is kept free in every message for the footer.
 */
function pack(blocks: Block[], firstEmbed: APIEmbed, reserve: number): { messages: APIEmbed[][]; complete: boolean } {
  const messages: APIEmbed[][] = [[firstEmbed]];
  let total = embedSize(firstEmbed) + reserve;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    // A heading is placed together with the block it introduces.
    const next = block.heading ? blocks[i + 1] : undefined;
    const size = block.text.length + (next ? 1 + next.text.length : 0);
    const message = messages[messages.length - 1]!;
    const embed = message[message.length - 1]!;
    const current = embed.description ?? '';
    const added = current ? 1 + size : size;
    if (current.length + added <= LIMITS.description && total + added <= LIMITS.embedTotal) {
      embed.description = current ? `${current}\n${block.text}` : block.text;
      total += current ? 1 + block.text.length : block.text.length;
      continue;
    }
    if (message.length < LIMITS.embedsPerMessage && total + size <= LIMITS.embedTotal) {
      message.push({ color: firstEmbed.color, description: block.text });
      total += block.text.length;
      continue;
    }
    if (messages.length === MAX_MESSAGES) return { messages, complete: false };
    messages.push([{ color: firstEmbed.color, description: block.text }]);
    total = block.text.length + reserve;
  }
  return { messages, complete: true };
}

function pageButtons(paging: NonNullable<Reply['paging']>, buttonId: (page: number) => string | null): APIActionRowComponent<APIButtonComponent> | null {
  const { page, pages } = paging;
  const fitting = (id: string | null): string | null => (id !== null && id.length <= LIMITS.customId ? id : null);
  const previous = page > 1 ? fitting(buttonId(page - 1)) : null;
  const next = page < pages ? fitting(buttonId(page + 1)) : null;
  if ((page > 1 && previous === null) || (page < pages && next === null)) return null;
  // Disabled buttons still need a unique custom id; these two are never sent back by Discord.
  const button = (label: string, id: string | null, fallback: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: id ?? fallback,
    disabled: id === null,
  });
  return {
    type: ComponentType.ActionRow,
    components: [button('◀ Previous', previous, 'page:none:prev'), button('Next ▶', next, 'page:none:next')],
  };
}

/** Discord keeps letters, digits, dot, dash and underscore of a file name; anything else would be renamed there. */
function fileName(name: string, index: number): string {
  const clean = name.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(-100);
  return clean || `attachment-${index + 1}`;
}

/**
 * The Reply's attachments that one message can carry: at most 10, at most 25 MiB together, in order.
 * The rest are left out, and `dropped` says how many, for the footer.
 */
function filesOf(reply: Reply): { files: RenderedFile[]; dropped: number } {
  const files: RenderedFile[] = [];
  let bytes = 0;
  for (const [i, attachment] of (reply.attachments ?? []).entries()) {
    if (files.length === LIMITS.attachmentsPerMessage || bytes + attachment.bytes.byteLength > LIMITS.attachmentBytes) continue;
    bytes += attachment.bytes.byteLength;
    files.push({
      attachment: Buffer.from(attachment.bytes.buffer, attachment.bytes.byteOffset, attachment.bytes.byteLength),
      name: fileName(attachment.name, i),
      description: clip(attachment.description, LIMITS.attachmentDescription),
    });
  }
  return { files, dropped: (reply.attachments?.length ?? 0) - files.length };
}

/** A Reply as one or more messages, each within every Discord limit, with mentions switched off. */
export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedMessage[] {
  const title = clip(escapeText(reply.title), LIMITS.title);
  // A title cut to fit is repeated in full in the description, so nothing the command said is lost.
  const fullTitle = title === escapeText(reply.title) ? null : reply.title;
  const first: APIEmbed = { title, color: TONE_COLOURS[reply.tone ?? 'info'] };
  if (reply.url && isWebUrl(reply.url)) first.url = reply.url;

  const paging = reply.paging && reply.paging.pages > 1 ? reply.paging : null;
  const row = paging && options.pageButtonId ? pageButtons(paging, options.pageButtonId) : null;
  const pageNote = paging ? `Page ${paging.page} of ${paging.pages}${row ? '' : ' (ask again with page:N for another)'}` : '';
  const truncatedNote = 'Cut short: the answer is longer than Discord allows. Narrow the question to see the rest.';
  const { files, dropped } = filesOf(reply);
  const droppedNote = dropped ? `${dropped} attached file${dropped === 1 ? '' : 's'} left out: over Discord's limit of ${LIMITS.attachmentsPerMessage} files or 25 MB a message` : '';
  // The notes matter more than the command's own footer, which gives way to them when space runs out.
  // Footers are not Markdown at Discord, so they are not escaped (a backslash would show).
  const footerOf = (truncated: boolean): string => {
    const notes = [pageNote, droppedNote, truncated ? truncatedNote : ''].filter(Boolean);
    const room = LIMITS.footer - notes.reduce((n, note) => n + note.length + 3, 0);
    return [reply.footer ? clip(reply.footer, room) : '', ...notes].filter(Boolean).join(' · ');
  };
  const { messages, complete } = pack(replyBlocks(reply, fullTitle), first, footerOf(true).length);
  const footer = footerOf(!complete);
  const lastMessage = messages[messages.length - 1]!;
  if (footer) lastMessage[lastMessage.length - 1]!.footer = { text: footer };
  return messages.map((embeds, i) => ({
    embeds,
    components: row && i === messages.length - 1 ? [row] : [],
    allowedMentions: { parse: [] },
    // Discord shows a message's files above its embeds: the chart, then the text that explains it.
    ...(i === 0 && files.length ? { files } : {}),
  }));
}

/**
 * Posts a Reply to a channel through the same renderer (the scheduled digest uses this). Returns the
 * ids of the messages sent, in order. discord.js queues the requests and retries rate limits itself.
 */
export async function postReply(client: Client, channelId: string, reply: Reply): Promise<string[]> {
  // A sharded bot may post in a server another shard holds.
  const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true });
  if (!channel || !channel.isSendable()) throw new Error(`channel ${channelId} is not a text channel the bot can post in`);
  const ids: string[] = [];
  for (const message of renderReply(reply)) {
    const sent = await channel.send(message);
    ids.push(sent.id);
  }
  return ids;
}
