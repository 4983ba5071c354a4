// The real bot (discord.js client, dispatch, renderer, SQLite) against the fake Discord on 127.0.0.1.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Command } from '../../src/command.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import {
  ADMIN_PERMISSIONS,
  CallbackType,
  MANAGE_GUILD,
  type LandedMessage,
  messageLimitErrors,
  type SentInteraction,
} from './fake-discord.ts';
import { startBot } from '../../src/discord/bot.ts';
import { runScript } from '../support/run.ts';
import { testServices } from '../support/store.ts';
import { FakeDiscord } from './fake-discord.ts';
import { type Stack, startStack } from './harness.ts';

const GUILD_A = '200000000000000001';
const GUILD_B = '200000000000000002';
const ADMIN = { permissions: ADMIN_PERMISSIONS, userId: '300000000000000001' };
const EPHEMERAL = 64;

function article(place: string, n: number): string {
  return [
    `Security forces reinforce checkpoints in ${place} after attack number ${n}`,
    '',
    `${place.toUpperCase()}: Security forces reinforced checkpoints across ${place} on Monday after militants attacked a police post, officials said.`,
    `"We will not allow anyone to disturb the peace of ${place}," the district police officer told reporters, adding that ${n} suspects had been detained.`,
    `The attack was the ${n}th in the district this year, according to a tally kept by the provincial home department.`,
  ].join('\n');
}

/** A test-only command that exercises what the real commands may not (yet): autocomplete, errors, giant and slow answers. */
const probe: Command = {
  spec: {
    name: 'probe',
    description: 'Test-only command',
    options: [
      { name: 'mode', description: 'What to do', type: 'string', autocomplete: true },
      { name: 'page', description: 'Page number', type: 'integer', minValue: 1 },
    ],
  },
  async run(ctx) {
    const mode = ctx.options.mode;
    if (mode === 'throw') throw new Error('probe exploded');
    if (mode === 'slow' || mode === 'slow-private') {
      await sleep(1800);
      return { title: 'Slow answer', sections: [{ lines: ['done'] }], ephemeral: mode === 'slow-private' };
    }
    if (mode === 'huge') {
      const sentence = (i: number): string => `Sentence ${i} mentions @everyone, <@123456789012345678> and **bold** _text_ from the report [click](http://evil.example). `;
      const paragraph = (p: number): string => Array.from({ length: 12 }, (_, i) => sentence(p * 100 + i)).join('').trim();
      return {
        title: `A very long title ${'x'.repeat(400)}`,
        description: paragraph(0),
        sections: Array.from({ length: 30 }, (_, p) => ({
          heading: `Section ${p} ${'#'.repeat(5)}`,
          lines: [paragraph(p + 1), 'short line'],
          links: [{ label: `Source ${p} (with [brackets])`, url: `https://example.com/story(${p})?q=a b` }],
        })),
        footer: 'f'.repeat(3000),
      };
    }
    const page = typeof ctx.options.page === 'number' ? ctx.options.page : 1;
    return { title: `Probe page ${page}`, sections: [{ lines: [`mode=${String(mode)} page=${page}`] }], paging: { page: Math.min(page, 3), pages: 3 } };
  },
  autocomplete(ctx) {
    return Array.from({ length: 40 }, (_, i) => ({ name: `${ctx.focused.value} choice ${i} ${'y'.repeat(120)}`, value: `v${i}` }));
  },
};

function flagsOf(message: LandedMessage): number {
  return Number(message.body.flags ?? 0);
}

function buttons(message: LandedMessage): { custom_id?: string; label?: string; disabled?: boolean }[] {
  return (message.body.components ?? []).flatMap((row) => row.components ?? []);
}

async function answered(interaction: SentInteraction): Promise<SentInteraction> {
  await interaction.settled();
  return interaction;
}

describe('the bot against a fake Discord', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      guilds: [{ id: GUILD_A }, { id: GUILD_B }],
      commands: [...commands, probe],
      env: { ALLOW_PRIVATE_URLS: '1' },
    });
  });

  afterAll(async () => {
    // Whatever the tests did, nothing the bot sent broke a Discord limit, and every message had mentions off.
    expect(stack.discord.rejected).toEqual([]);
    for (const message of stack.discord.messages) {
      expect(messageLimitErrors(message.body)).toBeNull();
      expect(message.body.allowed_mentions).toEqual({ parse: [] });
    }
    await stack?.stop();
  });

  it('logs in, gets every guild and registers the commands globally once', async () => {
    const { discord, bot } = stack;
    expect(bot.client.guilds.cache.map((g) => g.id).sort()).toEqual([GUILD_A, GUILD_B]);
    expect(discord.identifies).toBe(1);
    expect(discord.overwrites.get('')).toBe(1);
    const registered = discord.registered.get('') ?? [];
    expect(registered.map((c) => c.name).sort()).toEqual([...commands.map((c) => c.spec.name), 'probe'].sort());
    // Discord gates whole commands, so admin actions are commands of their own that members do not see.
    const permissionsOf = (name: string) => registered.find((c) => c.name === name)?.default_member_permissions;
    for (const open of ['article', 'digest', 'topic', 'quotes']) expect(permissionsOf(open), open).toBeNull();
    for (const admin of ['article-admin', 'digest-admin', 'topic-admin', 'feed']) expect(permissionsOf(admin), admin).toBe(String(MANAGE_GUILD));
  });

  it('answers /help directly with an ephemeral embed', async () => {
    const help = await answered(stack.discord.command({ guildId: GUILD_A, name: 'help' }));
    expect(help.callback?.type).toBe(CallbackType.ChannelMessage);
    expect(flagsOf(help.messages[0]!) & EPHEMERAL).toBe(EPHEMERAL);
    expect(help.text()).toContain('/article list');
  });

  it('answers every registered command and subcommand without breaking a limit', async () => {
    const sampleValue = (type: number): string | number | boolean | null =>
      ({ 3: 'Pakistan', 4: 1, 5: true, 10: 1, 7: stack.discord.guilds[0]!.channelIds[0]! } as Record<number, string | number | boolean>)[type] ?? null;
    type Definition = { name: string; type: number; required?: boolean; options?: Definition[] };
    for (const definition of stack.discord.registered.get('') ?? []) {
      if (definition.name === 'probe') continue;
      const options = (definition.options ?? []) as Definition[];
      const subcommands = options.filter((o) => o.type === 1);
      const variants = subcommands.length ? subcommands.map((s) => ({ sub: s.name, opts: s.options ?? [] })) : [{ sub: undefined, opts: options }];
      for (const { sub, opts } of variants) {
        // Attachments need a file and an empty /article-admin add opens a form: both have their own tests.
        if (opts.some((o) => o.required && o.type === 11) || (definition.name === 'article-admin' && sub === 'add')) continue;
        const values: Record<string, string | number | boolean> = {};
        for (const o of opts.filter((x) => x.required)) {
          const value = sampleValue(o.type);
          if (value !== null) values[o.name] = value;
        }
        const interaction = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: definition.name, subcommand: sub, options: values }));
        expect(interaction.messages.length, `/${definition.name} ${sub ?? ''}`).toBeGreaterThan(0);
        expect(interaction.text(), `/${definition.name} ${sub ?? ''}`).not.toMatch(/Something went wrong/);
      }
    }
  });

  it('defers a slow command and then edits the answer in', async () => {
    // /trend is marked slow: drawing a chart holds the event loop.
    const trend = await answered(stack.discord.command({ guildId: GUILD_A, name: 'trend', options: { topics: 'ttp' } }));
    expect(trend.callback?.type).toBe(CallbackType.DeferredChannelMessage);
    expect(trend.messages.map((m) => m.kind)).toEqual(['edit']);
    expect(trend.text()).toMatch(/Stories per day|No stories/);
  });

  it('defers a handler that turns out slow even when it is not marked slow', async () => {
    const slow = await answered(stack.discord.command({ guildId: GUILD_A, name: 'probe', options: { mode: 'slow' } }));
    expect(slow.callback?.type).toBe(CallbackType.DeferredChannelMessage);
    expect(slow.acknowledgedAfterMs).toBeLessThan(3000);
    expect(slow.text()).toContain('done');
  });

  it('answers privately after a public deferral by deleting the "thinking…" message', async () => {
    const slow = await answered(stack.discord.command({ guildId: GUILD_A, name: 'probe', options: { mode: 'slow-private' } }));
    expect(slow.callback?.type).toBe(CallbackType.DeferredChannelMessage);
    expect(slow.originalDeleted).toBe(true);
    expect(slow.messages.map((m) => m.kind)).toEqual(['followup']);
    expect(flagsOf(slow.messages[0]!) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('adds an article from pasted text, privately, and reports a duplicate the second time', async () => {
    const text = article('Bajaur', 1);
    const added = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'add', options: { text } }));
    expect(added.text()).toMatch(/Added #\d+: Security forces reinforce checkpoints in Bajaur/);
    expect(added.callback?.data?.flags).toBe(EPHEMERAL);
    const again = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'add', options: { text } }));
    expect(again.text()).toMatch(/already stored as #\d+/);
  });

  it('adds an article from an attached file', async () => {
    const seed = readFileSync(path.join(PROJECT_ROOT, 'data/articles/000_5f0f804997b76dbb.txt'));
    const added = await answered(
      stack.discord.command({ guildId: GUILD_B, ...ADMIN, name: 'article-admin', subcommand: 'add', attachments: { file: { name: 'seed.txt', bytes: seed } } }),
    );
    expect(added.text()).toMatch(/Added #\d+:/);
  });

  it('adds an article from a URL served on 127.0.0.1 (ALLOW_PRIVATE_URLS=1), following a redirect', async () => {
    const page = `<html><head><title>Chaman crossing reopens</title></head><body><article><h1>Chaman crossing reopens after talks</h1>
      ${[1, 2, 3, 4].map((i) => `<p>CHAMAN: The border crossing at Chaman reopened on Tuesday after talks between officials, traders said, and paragraph ${i} adds that trucks queued for kilometres while customs staff worked through the backlog of goods.</p>`).join('\n')}
      </article></body></html>`;
    const server = http.createServer((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/story' }).end();
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/old`;
      const added = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'add', options: { url } }));
      expect(added.text()).toMatch(/Added #\d+: Chaman crossing reopens/);
    } finally {
      server.close();
    }
  });

  it('refuses a URL that is not http(s) with a readable reason', async () => {
    const refused = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'add', options: { url: 'file:///etc/passwd' } }));
    expect(refused.text()).toMatch(/only http and https/);
  });

  it('opens a form for /article-admin add without options and adds what is submitted', async () => {
    const opened = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'add' }));
    expect(opened.callback?.type).toBe(CallbackType.Modal);
    const customId = String(opened.callback?.data?.custom_id);
    const submitted = await answered(
      stack.discord.modalSubmit({ guildId: GUILD_A, ...ADMIN, customId, fields: { title: 'Pasted through the form', text: article('Khyber', 7) } }),
    );
    expect(submitted.text()).toMatch(/Added #\d+: Pasted through the form/);
  });

  it('refuses a non-admin even though Discord let the command through', async () => {
    const refused = await answered(stack.discord.command({ guildId: GUILD_A, name: 'article-admin', subcommand: 'add', options: { text: article('Swat', 2) } }));
    expect(refused.text()).toMatch(/Only server admins/);
    const form = await answered(stack.discord.command({ guildId: GUILD_A, name: 'article-admin', subcommand: 'add' }));
    expect(form.callback?.type).not.toBe(CallbackType.Modal);
  });

  it("keeps guild A's articles out of guild B", async () => {
    const added = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'add', options: { text: article('Kurram', 3) } }));
    const id = Number(/Added #(\d+)/.exec(added.text())?.[1]);
    const listB = await answered(stack.discord.command({ guildId: GUILD_B, name: 'article', subcommand: 'list' }));
    expect(listB.text()).not.toContain('Kurram');
    const removeB = await answered(stack.discord.command({ guildId: GUILD_B, ...ADMIN, name: 'article-admin', subcommand: 'remove', options: { id } }));
    expect(removeB.text()).toMatch(new RegExp(`no article #${id} here`));
    const removeA = await answered(stack.discord.command({ guildId: GUILD_A, ...ADMIN, name: 'article-admin', subcommand: 'remove', options: { id } }));
    expect(removeA.text()).toMatch(new RegExp(`Removed #${id}`));
  });

  it('pages with buttons that carry their state, and answers a stale button politely', async () => {
    const first = await answered(stack.discord.command({ guildId: GUILD_A, name: 'probe', options: { mode: 'paged' } }));
    const [previous, next] = buttons(first.messages[0]!);
    expect(previous?.disabled).toBe(true);
    expect(next?.custom_id).toMatch(/^pg:probe::2:/);
    const second = await answered(stack.discord.button({ guildId: GUILD_A, customId: next!.custom_id!, message: first.messages[0] }));
    expect(second.callback?.type).toBe(CallbackType.UpdateMessage);
    expect(second.text()).toContain('mode=paged page=2');
    const stale = await answered(stack.discord.button({ guildId: GUILD_A, customId: 'pg:vanished:x:2:' }));
    expect(stale.text()).toMatch(/button has expired/);
    expect(flagsOf(stale.messages[0]!) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('answers autocomplete with at most 25 choices of at most 100 characters', async () => {
    const complete = await answered(stack.discord.autocomplete({ guildId: GUILD_A, name: 'probe', options: { mode: 'wa' }, focused: 'mode' }));
    expect(complete.callback?.type).toBe(CallbackType.AutocompleteResult);
    const choices = complete.callback?.data?.choices ?? [];
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
  });

  it('turns a handler crash into an ephemeral apology and a log line with the stack', async () => {
    const crashed = await answered(stack.discord.command({ guildId: GUILD_A, name: 'probe', options: { mode: 'throw' } }));
    expect(crashed.text()).toMatch(/Something went wrong/);
    expect(crashed.text()).not.toContain('probe exploded');
    expect(flagsOf(crashed.messages[0]!) & EPHEMERAL).toBe(EPHEMERAL);
    const logged = stack.logs.find((l) => l.msg === 'command failed');
    expect(String((logged?.err as { stack?: string })?.stack)).toContain('probe exploded');
  });

  it('splits a giant answer over several messages within every limit, escaping Markdown and mentions', async () => {
    const huge = await answered(stack.discord.command({ guildId: GUILD_A, name: 'probe', options: { mode: 'huge' } }));
    expect(huge.messages.length).toBeGreaterThan(1);
    for (const message of huge.messages) expect(messageLimitErrors(message.body)).toBeNull();
    const text = huge.text();
    expect(text).toContain('\\*\\*bold\\*\\*');
    expect(text).toContain('\\<@123456789012345678\\>');
    expect(text).not.toMatch(/[^\\]\[click\]/);
  });

  it('writes one structured log line per interaction', async () => {
    const lines = stack.logs.filter((l) => l.msg === 'interaction');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).toMatchObject({ guild: expect.any(String), user: expect.any(String), outcome: expect.any(String), durationMs: expect.any(Number) });
    }
    expect(lines.some((l) => l.command === '/article-admin add' && l.outcome === 'answered')).toBe(true);
    expect(lines.some((l) => l.outcome === 'refused')).toBe(true);
  });

  it('retries a 429 on a channel post and the message lands once', async () => {
    const channel = stack.discord.guilds[0]!.channelIds[0]!;
    stack.discord.inject({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.2 });
    const before = stack.discord.channelMessages(channel).length;
    const ids = await stack.bot.post(channel, { title: 'Daily brief', sections: [{ lines: ['One story.'] }] });
    expect(ids).toHaveLength(1);
    expect(stack.discord.channelMessages(channel).length - before).toBe(1);
    const statuses = stack.discord.requests.filter((r) => r.path === `/channels/${channel}/messages`).map((r) => r.status);
    expect(statuses.slice(-2)).toEqual([429, 200]);
  });

  it('retries a 500 on an interaction edit and the answer lands once', async () => {
    stack.discord.inject({ method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, status: 500 });
    const trend = await answered(stack.discord.command({ guildId: GUILD_B, name: 'trend', options: { topics: 'ttp' } }));
    expect(trend.messages.filter((m) => m.kind === 'edit')).toHaveLength(1);
  });

  it('resumes after the gateway connection drops, answers what was sent meanwhile, and still answers', async () => {
    stack.discord.dropGateway();
    // Sent while the connection is down: Discord keeps it in the session and replays it on RESUME.
    const meanwhile = stack.discord.command({ guildId: GUILD_A, name: 'help' });
    await stack.discord.waitForResume();
    expect(stack.discord.identifies).toBe(1);
    expect((await answered(meanwhile)).text()).toContain('/article list');
    const help = await answered(stack.discord.command({ guildId: GUILD_A, name: 'help' }));
    expect(help.text()).toContain('/article list');
  });
});

describe('registration', () => {
  it('registers in DISCORD_GUILD_ID only, and a restart with the same commands does not overwrite them', async () => {
    const first = await startStack({ guilds: [{ id: GUILD_A }], env: { DISCORD_GUILD_ID: GUILD_A } });
    try {
      expect(first.discord.overwrites.get(GUILD_A)).toBe(1);
      expect(first.discord.registered.get('')).toBeUndefined();
      const second = await startStack({ discord: first.discord, env: { DISCORD_GUILD_ID: GUILD_A } });
      await second.stop();
      expect(first.discord.overwrites.get(GUILD_A)).toBe(1);
    } finally {
      await first.stop();
    }
  });

  it('refuses a wrong token with a clear error and leaves nothing running', async () => {
    const discord = await FakeDiscord.start();
    const services = testServices({ DISCORD_TOKEN: 'not.the.token', DISCORD_API_URL: discord.apiUrl });
    try {
      await expect(startBot(services)).rejects.toThrow(/invalid token/i);
      expect(discord.identifies).toBe(0);
    } finally {
      services.cleanup();
      await discord.close();
    }
  });

  it('npm run deploy-commands registers on demand and leaves current commands alone', async () => {
    const discord = await FakeDiscord.start();
    try {
      const env = { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl };
      const first = await runScript('src/discord/deploy.ts', [], { env });
      expect(first.stdout, first.stderr).toMatch(/^Registered \d+ commands \(global\): \/help, \/article/);
      const second = await runScript('src/discord/deploy.ts', [], { env });
      expect(second.stdout).toMatch(/^Commands already up to date \(global\)/);
      expect(discord.overwrites.get('')).toBe(1);
      const missing = await runScript('src/discord/deploy.ts', [], { env: { DISCORD_API_URL: discord.apiUrl } });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/Configuration error: DISCORD_TOKEN is not set/);
    } finally {
      await discord.close();
    }
  });
});
