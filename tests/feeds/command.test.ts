// /feed through the path Discord and the console use, against a real local server and SQLite file;
// and `brief feeds poll` as a real process.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { askCommandLine, type Caller } from '../../src/app.ts';
import { replyToText } from '../../src/console/render.ts';
import { FeedPoller } from '../../src/feeds/poller.ts';
import { syncSharedFeeds } from '../../src/feeds/shared.ts';
import { runScript } from '../support/run.ts';
import { type LocalServer, listenLocal } from '../support/http.ts';
import { type TestServices, testServices } from '../support/store.ts';
import { articlePage, rssFeed, story } from './feed-docs.ts';

let local: LocalServer;
let base: string;
beforeAll(async () => {
  local = await listenLocal((req, res) => {
    const page = /^\/page\/(\d+)$/.exec(req.url ?? '');
    if (page) return res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(Number(page[1])));
    if (req.url === '/news.xml') return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Test desk', [1, 2, 3].map((n) => story(n)), base));
    if (req.url === '/broken.xml') return res.writeHead(200, { 'content-type': 'text/xml' }).end('<rss><channel><item></channel>');
    return res.writeHead(404).end();
  });
  base = local.base;
});
afterAll(() => local.close());

const ADMIN: Caller = { guildId: '400000000000000001', userId: '300000000000000001', isAdmin: true };
const MEMBER: Caller = { ...ADMIN, isAdmin: false };

let services: TestServices;
beforeEach(() => {
  services = testServices({ ALLOW_PRIVATE_URLS: '1' });
});
afterEach(() => services.cleanup());

const ask = async (line: string, caller = ADMIN): Promise<string> => replyToText(await askCommandLine(services, line, caller));

describe('/feed', () => {
  it('tests, adds, lists and removes a feed; members cannot', async () => {
    expect(await ask(`/feed test url:${base}/news.xml`)).toMatch(/Test desk: RSS feed, 3 items[\s\S]*Story 3/);
    expect(await ask(`/feed add url:${base}/news.xml`, MEMBER)).toMatch(/Only server admins/);
    expect(await ask(`/feed add url:${base}/news.xml topics:no-such-topic`)).toMatch(/Unknown topic\(s\): no-such-topic/);
    expect(await ask(`/feed add url:${base}/news.xml`)).toMatch(/Following #1: Test desk/);
    expect(await ask(`/feed add url:${base}/news.xml`)).toMatch(/already follows/);
    expect(await ask(`/feed add url:${base}/missing.xml`)).toMatch(/could not be read: .*HTTP 404/);
    expect(await ask(`/feed add url:file:///etc/passwd`)).toMatch(/not an http or https address/);
    await new FeedPoller(services).pollAll();
    expect(await ask('/feed list')).toMatch(/#1 · Test desk · .*news\.xml · 3 articles · ok, polled/);
    expect(await ask('/feed remove id:1', { ...ADMIN, guildId: '400000000000000002' })).toMatch(/There is no feed #1 here/);
    expect(await ask('/feed remove id:1')).toMatch(/Stopped following #1/);
    expect(await ask('/feed list')).toMatch(/No feeds yet/);
  });

  it('says why a feed is failing', async () => {
    await services.store.feeds.add(ADMIN.guildId, `${base}/broken.xml`, 'command', [], null, new Date());
    const poller = new FeedPoller(services);
    for (let i = 0; i < 3; i++) await poller.pollAll();
    expect(await ask('/feed list')).toMatch(/FAILING since .*: malformed XML: /);
  });

  it('shares the configured feeds with every server, read-only', async () => {
    const file = path.join(services.dir, 'feeds.json');
    writeFileSync(file, JSON.stringify([`${base}/news.xml`]));
    const configured = testServices({ ALLOW_PRIVATE_URLS: '1', FEEDS_PATH: file });
    try {
      expect(await syncSharedFeeds(configured)).toEqual({ added: 1, removed: 0 });
      expect(await syncSharedFeeds(configured)).toEqual({ added: 0, removed: 0 });
      const text = replyToText(await askCommandLine(configured, '/feed list', ADMIN));
      expect(text).toMatch(/\[shared\]/);
      expect(replyToText(await askCommandLine(configured, `/feed remove id:${(await configured.store.feeds.all())[0]!.id}`, ADMIN))).toMatch(/shared with every server/);
    } finally {
      configured.cleanup();
    }
  });
});

describe('brief feeds poll', () => {
  it('polls every feed and prints the one-line summary; a second run finds nothing new', async () => {
    const env = { DATABASE_PATH: path.join(services.dir, 'cli.db'), ALLOW_PRIVATE_URLS: '1', FEEDS: `${base}/news.xml ${base}/broken.xml`, FEEDS_PATH: '/nonexistent/feeds.json' };
    const first = await runScript('bin/brief.js', ['feeds', 'poll'], { env });
    expect(first.stdout).toBe('polled 2 feeds: 3 new articles, 0 failing\n');
    expect(first.stderr).toMatch(/broken\.xml: malformed XML/);
    expect(first.code).toBe(0);
    const second = await runScript('bin/brief.js', ['feeds', 'poll'], { env });
    expect(second.stdout).toBe('polled 2 feeds: 0 new articles, 0 failing\n');
    const third = await runScript('bin/brief.js', ['feeds', 'poll'], { env });
    expect(third.stdout).toBe('polled 2 feeds: 0 new articles, 1 failing\n');
  }, 60_000);
});

describe('start-up with a broken feeds file', () => {
  it('stops with one line naming the file and the entry', async () => {
    const file = path.join(services.dir, 'bad-feeds.json');
    writeFileSync(file, JSON.stringify(['https://ok.example/rss', 'ftp://bad.example/feed']));
    const result = await runScript('src/main.ts', [], { env: { DATABASE_PATH: path.join(services.dir, 'main.db'), FEEDS_PATH: file } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Configuration error: ${file}: entry 2 is not an http(s) feed URL (expected "https://…" or {"url": "https://…"})\n`);
  }, 30_000);
});
