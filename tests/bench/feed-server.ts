// The feeds bench's web: FEEDS feeds of ITEMS items each, with their article pages, served from a
// child process (so the bench process's CPU time is the poller's alone) on several ports, which the
// poller sees as several hosts. Prints the base URLs as one JSON line once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, rssFeed, story } from '../feeds/feed-docs.ts';

const PORTS = 8;
const itemsPerFeed = Number(process.env.ITEMS ?? 50);
const bases: string[] = [];
const feedCache = new Map<string, string>();

function handle(base: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  const feed = /^\/feed\/(\d+)\.xml$/.exec(url);
  if (feed) {
    const f = Number(feed[1]);
    const key = `${base}|${f}`;
    let body = feedCache.get(key);
    if (!body) feedCache.set(key, (body = rssFeed(`Desk ${f}`, Array.from({ length: itemsPerFeed }, (_, i) => story(f * itemsPerFeed + i)), base)));
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    return;
  }
  const page = /^\/page\/(\d+)$/.exec(url);
  if (page) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(Number(page[1])));
    return;
  }
  res.writeHead(404).end();
}

for (let i = 0; i < PORTS; i++) {
  const server = http.createServer((req, res) => handle(bases[i]!, req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bases[i] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
process.stdout.write(`${JSON.stringify(bases)}\n`);
