// Charts through the real bot against the fake Discord: the PNG leaves as a multipart upload
// (payload_json + files[n]), lands within Discord's file limits, and the interaction is acknowledged
// within 3 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERIES_COLOURS } from '../../src/charts/render.ts';
import { composeDigestFor } from '../../src/digest/compose.ts';
import type { Topic } from '../../src/nlp/taxonomy.ts';
import { ingestArticles, taggableTopics } from '../charts/support.ts';
import { countColour, decodePng, rgb } from '../support/png.ts';
import { CallbackType, DISCORD_LIMITS, type LandedMessage, type SentInteraction } from './fake-discord.ts';
import { type Stack, startStack } from './harness.ts';

const GUILD = '200000000000000021';
let stack: Stack;
let topics: Topic[];

beforeAll(async () => {
  stack = await startStack({ guilds: [{ id: GUILD }] });
  await stack.discord.waitForLogin();
  const now = stack.services.clock();
  topics = await taggableTopics(stack.services, 2, now);
  await ingestArticles(stack.services, [
    { topic: topics[0]!, story: 0, daysAgo: 1, outlet: 'Dawn' },
    { topic: topics[0]!, story: 1, daysAgo: 4, outlet: 'APP' },
    { topic: topics[1]!, story: 2, daysAgo: 2, outlet: 'Dawn' },
  ], now);
}, 30_000);
afterAll(() => stack?.stop());

function expectAnsweredInTime(answer: SentInteraction): void {
  expect(answer.acknowledgedAfterMs).not.toBeNull();
  expect(answer.acknowledgedAfterMs!).toBeLessThan(3000);
  expect(stack.discord.rejected).toEqual([]);
}

/** The one message of the answer that carries files, checked against Discord's limits. */
function upload(messages: LandedMessage[]): LandedMessage {
  const withFiles = messages.filter((m) => m.files.length > 0);
  expect(withFiles).toHaveLength(1);
  const [message] = withFiles;
  expect(message!.files.length).toBeLessThanOrEqual(DISCORD_LIMITS.attachments);
  expect(message!.files.reduce((n, f) => n + f.bytes.length, 0)).toBeLessThanOrEqual(DISCORD_LIMITS.attachmentBytes);
  return message!;
}

describe('charts on Discord', () => {
  it('/trend defers, then edits in the chart as a multipart PNG attachment with its alt text', async () => {
    const answer = stack.discord.command({ guildId: GUILD, name: 'trend', options: { topics: topics.map((t) => t.id).join(','), days: 30 } });
    const messages = await answer.settled(15_000);
    expectAnsweredInTime(answer);
    expect(answer.callback!.type).toBe(CallbackType.DeferredChannelMessage);
    const message = upload(messages);
    expect(message.kind).toBe('edit');
    const [file] = message.files;
    expect(file!.field).toBe('files[0]');
    expect(file!.filename).toBe('trend.png');
    expect(file!.contentType).toBe('image/png');
    // discord.js describes each upload in payload_json, by the n of files[n]: the alt text travels with it.
    const described = (message.body.attachments as { id: number | string; description?: string }[])[0]!;
    expect(String(described.id)).toBe('0');
    expect(described.description).toMatch(/^Line chart of stories per day/);
    const png = decodePng(file!.bytes);
    expect(png.width).toBeGreaterThanOrEqual(720);
    for (const colour of SERIES_COLOURS.slice(0, 2)) expect(countColour(png, rgb(colour))).toBeGreaterThan(40);
    expect(answer.text()).toContain(`${topics[0]!.label}: 2 stories (2 articles)`);
    expect(answer.text()).toContain('Busiest day');
  });

  it('/topic answers with its small chart attached', async () => {
    const answer = stack.discord.command({ guildId: GUILD, name: 'topic', options: { name: topics[1]!.id, days: 14 } });
    const messages = await answer.settled(15_000);
    expectAnsweredInTime(answer);
    const png = decodePng(upload(messages).files[0]!.bytes);
    expect(countColour(png, rgb(SERIES_COLOURS[0]))).toBeGreaterThan(40);
  });

  it('a digest posted to a channel carries its chart as a multipart upload, once', async () => {
    const now = stack.services.clock();
    const { reply } = await composeDigestFor(stack.services, {
      scope: GUILD, since: new Date(now.getTime() - 7 * 86_400_000), until: now, timezone: 'Asia/Karachi', maxStories: 10, topics: [], chart: true,
    });
    const channelId = stack.discord.guilds[0]!.channelIds[0]!;
    const ids = await stack.bot.post(channelId, reply);
    const posted = stack.discord.channelMessages(channelId).filter((m) => ids.includes(m.id));
    expect(posted).toHaveLength(ids.length);
    const message = upload(posted);
    expect(message.files[0]!.filename).toBe('digest.png');
    expect(decodePng(message.files[0]!.bytes).width).toBeGreaterThan(0);
    expect(stack.discord.rejected).toEqual([]);
  });

  it('/trend with no stories answers in words, with no file', async () => {
    const answer = stack.discord.command({ guildId: GUILD, name: 'trend', options: { query: 'zzzunheardof' } });
    const messages = await answer.settled(15_000);
    expectAnsweredInTime(answer);
    expect(messages.every((m) => m.files.length === 0)).toBe(true);
    expect(answer.text()).toMatch(/No stories on “zzzunheardof”/);
  });
});
