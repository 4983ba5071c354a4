// URL intake for /article-admin add url:. A URL typed by a server admin is fetched by our server, so it must
// not become a way into the host's network: only http(s), only public unicast addresses (checked on
// the address actually connected to, so DNS answers and redirects cannot smuggle in 127.0.0.1 or
// 169.254.169.254), at most 5 redirects, 5 MB and 10 s.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { RejectedInput } from '../domain/article.ts';

export const URL_MAX_BYTES = 5 * 1024 * 1024;
export const URL_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

/**
 * Which non-public addresses may be fetched, for tests only (config refuses any in production): true
 * lets every loopback and private address through; a list lets through exactly those addresses, so a
 * test can serve a page on 127.0.0.2 and still see a redirect to 127.0.0.1 refused.
 */
export type PrivateAllowance = boolean | readonly string[];

export interface FetchOptions {
  allowPrivate: PrivateAllowance;
  maxBytes?: number;
  timeoutMs?: number;
}

export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  contentType: string;
  bytes: Uint8Array;
  /** The host with an extension that tells the parser the format (news.example.com.html, …). */
  fileName: string;
}

const EXTENSIONS: [RegExp, string][] = [
  [/^text\/html|^application\/xhtml\+xml/, '.html'],
  [/^text\/markdown/, '.md'],
  [/^application\/json/, '.json'],
  [/^text\/plain/, '.txt'],
];

// ipaddr.js range names, as a person would say them.
const RANGE_NAMES: Record<string, string> = {
  linkLocal: 'link-local',
  uniqueLocal: 'private (unique local)',
  carrierGradeNat: 'carrier-grade NAT',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
};

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function refusedAddress(address: string, allowPrivate: PrivateAllowance): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return null;
  const allowedRange = range === 'loopback' || range === 'private' || range === 'uniqueLocal';
  if (allowedRange && allowPrivate === true) return null;
  if (allowedRange && Array.isArray(allowPrivate) && allowPrivate.some((allowed) => ipaddr.isValid(allowed) && ipaddr.process(allowed).toString() === parsed.toString())) return null;
  return `it points to a ${RANGE_NAMES[range] ?? range} address (${address}), which the bot does not fetch`;
}

/** Checks scheme and, for literal IP hosts, the address; host names are checked when they resolve. */
function checkUrl(raw: string, allowPrivate: PrivateAllowance): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RejectedInput(`"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RejectedInput(`only http and https links can be added, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) throw new RejectedInput('links with a user name or password are not fetched');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const refused = refusedAddress(host, allowPrivate);
    if (refused) throw new RejectedInput(`${url.host}: ${refused}`);
  }
  return url;
}

/**
 * A dns.lookup that refuses non-public answers. It runs when the socket connects, so the address
 * checked is the address used (no window for a DNS rebind between check and connect).
 */
function guardedLookup(allowPrivate: PrivateAllowance): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const refused = refusedAddress(address, allowPrivate);
        if (refused) return callback(new RejectedInput(`${hostname}: ${refused}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new RejectedInput(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

interface Response {
  status: number;
  location: string | null;
  contentType: string;
  bytes: Uint8Array;
  etag: string | null;
  lastModified: string | null;
}

const PAGE_ACCEPT = 'text/html, text/plain;q=0.9, */*;q=0.5';

function request(url: URL, allowPrivate: PrivateAllowance, maxBytes: number, signal: AbortSignal, headers: Record<string, string>): Promise<Response> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      { lookup: guardedLookup(allowPrivate), signal, headers: { 'user-agent': 'security-brief-bot (article intake)', accept: PAGE_ACCEPT, ...headers } },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location ?? null;
        const contentType = (res.headers['content-type'] ?? '').toLowerCase();
        const etag = res.headers.etag ?? null;
        const lastModified = res.headers['last-modified'] ?? null;
        if ((status >= 300 && status < 400) || status >= 400) {
          // Redirects, 304 and errors carry no body we read.
          res.resume();
          return resolve({ status, location, contentType, bytes: new Uint8Array(), etag, lastModified });
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxBytes) {
          req.destroy();
          return reject(new RejectedInput(`the page is too large (${declared} bytes; the limit is ${maxBytes})`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            reject(new RejectedInput(`the page is too large (over ${maxBytes} bytes)`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, location, contentType, bytes: Buffer.concat(chunks), etag, lastModified }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

function describe(error: unknown, url: URL, timeoutMs: number): RejectedInput {
  if (error instanceof RejectedInput) return error;
  const e = error as NodeJS.ErrnoException;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return new RejectedInput(`${url.host} did not answer within ${timeoutMs / 1000} s`);
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new RejectedInput(`${url.hostname} could not be found`);
  if (e.code === 'ECONNREFUSED') return new RejectedInput(`${url.host} refused the connection`);
  return new RejectedInput(`${url.host} could not be fetched (${e.code ?? e.message})`);
}

export interface WebRequestOptions extends FetchOptions {
  /** Extra request headers: Accept, If-None-Match, If-Modified-Since (feeds). */
  headers?: Record<string, string>;
}

/** What a guarded fetch got: a 200 with its body, or a 304 (Not Modified) without one. */
export interface WebResponse {
  /** The URL after redirects. */
  url: string;
  status: 200 | 304;
  contentType: string;
  bytes: Uint8Array;
  etag: string | null;
  lastModified: string | null;
}

/**
 * Fetches a URL under the rules above (scheme, addresses after DNS and after every redirect, size,
 * time), or throws RejectedInput with a reason a person can act on. Feeds use it for conditional GET.
 */
export async function fetchGuarded(raw: string, options: WebRequestOptions): Promise<WebResponse> {
  const maxBytes = options.maxBytes ?? URL_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? URL_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = checkUrl(raw.trim(), options.allowPrivate);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await request(url, options.allowPrivate, maxBytes, signal, options.headers ?? {});
    } catch (error) {
      throw describe(error, url, timeoutMs);
    }
    if (response.status >= 300 && response.status < 400 && response.location) {
      if (hop === MAX_REDIRECTS) throw new RejectedInput(`more than ${MAX_REDIRECTS} redirects`);
      url = checkUrl(new URL(response.location, url).href, options.allowPrivate);
      continue;
    }
    if (response.status !== 200 && response.status !== 304) throw new RejectedInput(`${url.host} answered HTTP ${response.status}`);
    return { ...response, url: url.href, status: response.status };
  }
}

/** Fetches a web page for ingest, or throws RejectedInput with a reason a person can act on. */
export async function fetchArticleUrl(raw: string, options: FetchOptions): Promise<FetchedPage> {
  const response = await fetchGuarded(raw, options);
  if (response.status !== 200) throw new RejectedInput(`${new URL(response.url).host} answered HTTP ${response.status}`);
  return pageOf(response);
}

/** A fetched body as a page the article parser reads, named by host and format. */
export function pageOf(response: WebResponse): FetchedPage {
  const extension = EXTENSIONS.find(([pattern]) => pattern.test(response.contentType))?.[1];
  if (!extension) throw new RejectedInput(`the link is not a web page (${response.contentType || 'no content type'})`);
  return { url: response.url, contentType: response.contentType, bytes: response.bytes, fileName: `${new URL(response.url).hostname}${extension}` };
}
