// `npm start` with a token, as a real process against the fake Discord: it logs in through main.ts,
// posts the digest through the same client, and on SIGTERM finishes the answer in flight, disconnects
// and exits 0 within 5 s.
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/store.ts';
import { ADMIN_PERMISSIONS, FakeDiscord } from './fake-discord.ts';
import { startBotProcess } from './harness.ts';

const GUILD = '200000000000000005';

describe('npm start with DISCORD_TOKEN', () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('logs in, posts the digest, answers, and on SIGTERM finishes the answer in flight and exits 0 within 5 s', async () => {
    const discord = await FakeDiscord.start({ guilds: [{ id: GUILD }] });
    const channel = discord.guilds[0]!.channelIds[0]!;
    cleanups.push(() => discord.close());
    // A page that takes a second to arrive keeps /article-admin add in flight when the signal comes.
    const slowPage = http.createServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body><article><h1>Late story from Bannu</h1><p>BANNU: Police said the late story arrived after a long wait, and officials confirmed the details on Sunday evening.</p><p>The district administration said roads were reopened.</p></article></body></html>');
      }, 1000);
    });
    await new Promise<void>((resolve) => slowPage.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => slowPage.close());

    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { child, stderr: readStderr, exited } = startBotProcess(
      discord,
      {
        DATABASE_PATH: path.join(dir, 'brief.db'),
        ALLOW_PRIVATE_URLS: '1',
        // The digest is due every second, so its first post shows the scheduler runs on the bot's client.
        DIGEST_CHANNEL_ID: channel,
        DIGEST_CRON: '* * * * * *',
      },
      (stop) => cleanups.push(stop),
    );

    await discord.waitForLogin(30_000);
    await expect.poll(readStderr, { timeout: 10_000 }).toContain('Discord bot ready');
    await expect.poll(() => discord.channelMessages(channel).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(discord.channelMessages(channel)[0]!.body.allowed_mentions).toEqual({ parse: [] });

    const url = `http://127.0.0.1:${(slowPage.address() as AddressInfo).port}/story`;
    const adding = discord.command({ guildId: GUILD, permissions: ADMIN_PERMISSIONS, name: 'article-admin', subcommand: 'add', options: { url } });
    await adding.acknowledged();
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const stderr = readStderr();
    expect(code, stderr).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    await adding.settled(1000);
    expect(adding.text()).toMatch(/Added #\d+: Late story from Bannu/);
    const logLines = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logLines.find((l) => l.msg === 'interaction')).toMatchObject({ command: '/article-admin add', guild: GUILD, outcome: 'answered' });
    expect(logLines.some((l) => l.msg === 'Discord bot stopped')).toBe(true);
  });
});
