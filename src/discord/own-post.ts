// Messages the bot posts on its own (digest parts now; feed notices and alerts later), posted at most
// once each even when the bot dies between Discord accepting a message and the bot hearing of it.
// Two guards, both keyed by the caller's stable key for the post:
// - every message carries a nonce derived from (key, message index) with enforce_nonce, so Discord
//   itself answers a repeat within its window (a few minutes) with the message it already made;
// - a caller that knows an earlier attempt may have landed something unrecorded (a takeover or a
//   retry) asks for `mayHaveLanded`: the channel's history is read first, page by page back to
//   `notBefore` and at most 200 messages (needs Read Message History), and a message of ours with the
//   same rendered text sent since `notBefore` is taken as landed instead of posting again. Discord
//   never returns a nonce on a fetch, so the text is the marker; callers make it unique (a digest
//   part's title names its slot and part).
import { createHash } from 'node:crypto';
import { type APIEmbed, type Client, type Message, type SendableChannels } from 'discord.js';
import type { Logger } from '../log.ts';
import type { Reply } from '../reply.ts';
import { renderReply, type RenderedMessage } from './render.ts';

/** Discord's limit on a nonce string. */
export const NONCE_MAX_CHARS = 25;
/** A page of the channel's history, as the issue asks (Discord allows up to 100). */
const HISTORY_PAGE = 50;
/** Pages read at most, back to `notBefore`: a busy channel may have moved on since the crash. */
const HISTORY_PAGES = 4;

export interface OwnPost {
  /** Stable for this post across attempts and processes, e.g. "digest:<guild>:<slot>:<part>". */
  key: string;
  channelId: string;
  reply: Reply;
  /** Ids of this post's messages already recorded, in order: those are not sent again. */
  landed?: string[];
  /** An earlier attempt may have sent messages it did not record: look in the channel first. */
  mayHaveLanded?: boolean;
  /** No message of this post can be older than this (the slot instant for a digest). */
  notBefore?: Date;
  /** Called with every id so far as soon as each message is known to have landed: record it now. */
  onLanded?: (ids: string[]) => void | Promise<void>;
}

/** The nonce of message `index` of a post: 25 characters of a hash of the key, so the same each time. */
export function nonceFor(key: string, index: number): string {
  return createHash('sha256').update(`${key}\u0000${index}`).digest('base64url').slice(0, NONCE_MAX_CHARS);
}

type Comparable = { content?: string | null; embeds: Pick<APIEmbed, 'title' | 'description' | 'footer' | 'fields' | 'author' | 'url'>[] };

/** What Discord hands back of a message we sent, reduced to text that survives the round trip. */
function fingerprint(message: Comparable): string {
  const t = (s: string | null | undefined): string => (s ?? '').trim();
  return JSON.stringify([
    t(message.content),
    message.embeds.map((e) => [t(e.title), t(e.description), t(e.url), t(e.author?.name), t(e.footer?.text), (e.fields ?? []).map((f) => [t(f.name), t(f.value)])]),
  ]);
}

/** Our messages in the channel sent since `notBefore` (within a few pages), oldest first. */
async function recentOwnMessages(channel: SendableChannels, client: Client, notBefore: number): Promise<Message[]> {
  if (!('messages' in channel)) return [];
  const seen: Message[] = [];
  let before: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const messages = [...(await channel.messages.fetch({ limit: HISTORY_PAGE, cache: false, ...(before ? { before } : {}) })).values()];
    seen.push(...messages);
    const oldest = messages.reduce<Message | null>((o, m) => (o === null || BigInt(m.id) < BigInt(o.id) ? m : o), null);
    if (messages.length < HISTORY_PAGE || oldest === null || oldest.createdTimestamp < notBefore) break;
    before = oldest.id;
  }
  return seen
    .filter((m) => m.author.id === client.user?.id && m.createdTimestamp >= notBefore)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/**
 * Posts a Reply through the one renderer as a post of our own; returns the ids of every message it
 * became (recorded ones included). Throws what Discord or the network threw; what landed before
 * that has already been passed to `onLanded`.
 */
export async function postOwn(client: Client, post: OwnPost, log?: Logger): Promise<string[]> {
  // A sharded bot may post in a server another shard holds (the shared digest, a feed alert).
  const channel = await client.channels.fetch(post.channelId, { allowUnknownGuild: true });
  if (!channel || !channel.isSendable()) throw new Error(`channel ${post.channelId} is not a text channel the bot can post in`);
  const rendered: RenderedMessage[] = renderReply(post.reply);
  const ids = [...(post.landed ?? [])];
  if (ids.length >= rendered.length) return ids;
  let earlier: Message[] = [];
  if (post.mayHaveLanded) {
    try {
      earlier = await recentOwnMessages(channel, client, post.notBefore?.getTime() ?? 0);
    } catch (error) {
      // Without Read Message History the nonce is the only guard left; it still holds for minutes.
      log?.warn({ channel: post.channelId, key: post.key, err: error }, 'could not read the channel to look for an earlier attempt; relying on the nonce');
    }
  }
  for (let index = ids.length; index < rendered.length; index++) {
    const message = rendered[index]!;
    const wanted = fingerprint(message);
    const found = earlier.find((m) => !ids.includes(m.id) && fingerprint({ content: m.content, embeds: m.embeds.map((e) => e.data) }) === wanted);
    if (found) {
      log?.info({ channel: post.channelId, key: post.key, index, message: found.id }, 'found our earlier message in the channel; recording it instead of posting again');
      ids.push(found.id);
    } else {
      const sent = await channel.send({ ...message, nonce: nonceFor(post.key, index), enforceNonce: true });
      ids.push(sent.id);
    }
    await post.onLanded?.([...ids]);
  }
  return ids;
}
