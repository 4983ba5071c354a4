// URL intake against real local HTTP servers: what is fetched, and every way a URL is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RejectedInput } from '../../src/domain/article.ts';
import { fetchArticleUrl, type FetchOptions, refusedAddress } from '../../src/articles/fetch-url.ts';
import { listenLocal, type LocalServer } from '../support/http.ts';

let pages: LocalServer;
let base: string;
const PAGE = '<html><body><article><h1>Story</h1><p>Text of the story.</p></article></body></html>';

beforeAll(async () => {
  pages = await listenLocal((req, res) => {
    switch (req.url) {
      case '/page':
        return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      case '/redirect':
        return res.writeHead(302, { location: '/page' }).end();
      case '/to-metadata':
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/to-file':
        return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      case '/loop':
        return res.writeHead(302, { location: '/loop' }).end();
      case '/image':
        return res.writeHead(200, { 'content-type': 'image/png' }).end('png');
      case '/big':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('x'.repeat(200_000));
      case '/slow':
        return; // never answers
      default:
        return res.writeHead(404).end();
    }
  });
  base = pages.base;
});

afterAll(() => pages.close());

const local = { allowPrivate: true };

async function refusal(url: string, options: FetchOptions = local): Promise<string> {
  try {
    await fetchArticleUrl(url, options);
  } catch (error) {
    expect(error).toBeInstanceOf(RejectedInput);
    return (error as Error).message;
  }
  throw new Error(`${url} was fetched`);
}

describe('fetchArticleUrl', () => {
  it('fetches a page, following redirects, and names it by host and format', async () => {
    const page = await fetchArticleUrl(`${base}/redirect`, local);
    expect(page.url).toBe(`${base}/page`);
    expect(page.fileName).toBe('127.0.0.1.html');
    expect(Buffer.from(page.bytes).toString()).toBe(PAGE);
  });

  it('refuses schemes other than http and https', async () => {
    expect(await refusal('file:///etc/passwd')).toMatch(/only http and https/);
    expect(await refusal('ftp://example.com/a')).toMatch(/only http and https/);
    expect(await refusal('javascript:alert(1)')).toMatch(/only http and https/);
    expect(await refusal('not a url')).toMatch(/is not a URL/);
  });

  it('refuses loopback and private addresses unless allowed, and link-local always', async () => {
    const strict = { allowPrivate: false };
    expect(await refusal(`${base}/page`, strict)).toMatch(/loopback/);
    expect(await refusal('http://[::1]/', strict)).toMatch(/loopback/);
    expect(await refusal('http://[::ffff:127.0.0.1]/', strict)).toMatch(/loopback/);
    expect(await refusal('http://10.0.0.8/', strict)).toMatch(/private/);
    expect(await refusal('http://169.254.169.254/', local)).toMatch(/link-local/);
    expect(await refusal('http://0.0.0.0/', local)).toMatch(/unspecified/);
  });

  it('checks the address a host name resolves to, not just the name', async () => {
    expect(await refusal(`http://localhost:${new URL(base).port}/page`, { allowPrivate: false })).toMatch(/localhost: .*loopback/);
  });

  it('checks every redirect target', async () => {
    expect(await refusal(`${base}/to-metadata`)).toMatch(/link-local/);
    expect(await refusal(`${base}/to-file`)).toMatch(/only http and https/);
    expect(await refusal(`${base}/loop`)).toMatch(/more than 5 redirects/);
  });

  it('refuses a redirect to 127.0.0.1 from a page on an allowed address', async () => {
    // The allowance names 127.0.0.2 only, as a test allowance should: the first hop is fetched, the
    // redirect into this machine's loopback service is refused after it.
    const hop = await listenLocal((req, res) => {
      if (req.url === '/page') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      res.writeHead(302, { location: `${base}/page` }).end();
    }, '127.0.0.2');
    const hopBase = hop.base;
    try {
      const onlyHop = { allowPrivate: ['127.0.0.2'] };
      expect((await fetchArticleUrl(`${hopBase}/page`, onlyHop)).url).toBe(`${hopBase}/page`);
      expect(await refusal(`${hopBase}/to-loopback`, onlyHop)).toMatch(/127\.0\.0\.1.*loopback/);
      expect(refusedAddress('127.0.0.1', ['127.0.0.2'])).toMatch(/loopback/);
      expect(refusedAddress('169.254.169.254', ['169.254.169.254'])).toMatch(/link-local/);
    } finally {
      hop.close();
    }
  });

  it('refuses what is not a page, too large or too slow', async () => {
    expect(await refusal(`${base}/image`)).toMatch(/not a web page \(image\/png\)/);
    expect(await refusal(`${base}/missing`)).toMatch(/HTTP 404/);
    expect(await refusal(`${base}/big`, { ...local, maxBytes: 100_000 })).toMatch(/too large/);
    const started = Date.now();
    expect(await refusal(`${base}/slow`, { ...local, timeoutMs: 300 })).toMatch(/did not answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('classifies addresses with ipaddr.js ranges', () => {
    expect(refusedAddress('93.184.216.34', false)).toBeNull();
    expect(refusedAddress('2606:2800:220:1:248:1893:25c8:1946', false)).toBeNull();
    expect(refusedAddress('192.168.1.1', false)).toMatch(/private/);
    expect(refusedAddress('192.168.1.1', true)).toBeNull();
    expect(refusedAddress('fe80::1', true)).toMatch(/link-local/);
    expect(refusedAddress('100.64.0.1', true)).toMatch(/carrier-grade NAT/);
  });
});
