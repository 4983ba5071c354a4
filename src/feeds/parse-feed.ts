// A fetched feed (RSS 2.0, Atom 1.0, RDF / RSS 1.0, JSON Feed) as a list of items with a stable
// key each. feedsmith does the parsing; its XML parser is lenient (an unclosed tag still gives
// items), so XML is first checked for well-formedness and a broken feed is refused with the line.
import { parseFeed } from 'feedsmith';
import { XMLValidator } from 'fast-xml-parser';
import { RejectedInput } from '../domain/article.ts';
import { htmlNestingDepth, MAX_NESTING_DEPTH } from '../articles/parse.ts';
import { canonicalUrl } from '../store/keys.ts';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedItem {
  /** guid, else canonical URL, else title + date: the same item keeps it across polls. */
  key: string;
  title: string | null;
  /** Absolute http(s) URL of the article page. */
  link: string | null;
  /** ISO 8601, when the item gives a date that parses. */
  published: string | null;
  /** The item's own text (HTML or plain), for when the page cannot be had. */
  content: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** Newest first. */
  items: FeedItem[];
}

type Loose = Record<string, unknown> | undefined;

const asRecord = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined);

/** A text field: a string, or feedsmith's {value} form (Atom text constructs, RSS guid). */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  const record = asRecord(value);
  return record ? textOf(record.value) : null;
}

function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const text = textOf(value);
    if (text) return text;
  }
  return null;
}

function isoDate(...values: unknown[]): string | null {
  for (const value of values) {
    const text = textOf(value);
    if (!text) continue;
    const time = Date.parse(text);
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return null;
}

function absoluteHttpUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const plainTitle = (title: string | null): string | null => title?.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim() || null;

interface RawItem {
  guid: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  content: string | null;
}

function rawItems(format: FeedFormat, feed: Record<string, unknown>): RawItem[] {
  const list = (format === 'atom' ? feed.entries : feed.items) as unknown[] | undefined;
  return (list ?? []).map((entry) => {
    const item = asRecord(entry) ?? {};
    const dc = asRecord(item.dc);
    const content = asRecord(item.content);
    const dcDates = (dc?.dates as unknown[] | undefined) ?? [];
    switch (format) {
      case 'atom': {
        const links = (item.links as Record<string, unknown>[] | undefined) ?? [];
        const page = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
        return { guid: textOf(item.id), title: textOf(item.title), link: textOf(page?.href), published: isoDate(item.published, item.updated, ...dcDates), content: firstText(item.content, item.summary) };
      }
      case 'json':
        return {
          guid: textOf(item.id),
          title: textOf(item.title),
          link: textOf(item.url) ?? textOf(item.external_url),
          published: isoDate(item.date_published, item.date_modified),
          content: firstText(item.content_html, item.content_text, item.summary),
        };
      default:
        return {
          guid: textOf(item.guid) ?? textOf(asRecord(item.rdf)?.about),
          title: textOf(item.title),
          link: textOf(item.link),
          published: isoDate(item.pubDate, ...dcDates, dc?.date),
          content: firstText(content?.encoded, item.description),
        };
    }
  });
}

/** guid, else canonical URL, else title + date; an item with none of them is keyed by its text. */
export function itemKey(item: Pick<RawItem, 'guid' | 'link' | 'title' | 'published' | 'content'>): string | null {
  if (item.guid) return `guid:${item.guid}`;
  const canonical = canonicalUrl(item.link);
  if (canonical) return `url:${canonical}`;
  if (item.title) return `title:${item.title}|${item.published ?? ''}`;
  return null;
}

function detectProblem(text: string): string | null {
  const result = XMLValidator.validate(text);
  if (result === true) return null;
  return `malformed XML: ${result.err.msg} (line ${result.err.line}, column ${result.err.col})`;
}

/**
 * A feed's bytes as text: the charset its Content-Type or XML declaration names (older feeds are
 * often ISO-8859-1 or windows-1252), else UTF-8.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType: string): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const label = /charset=["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? /^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1] ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new RejectedInput(`the feed names a character set this bot cannot read (${label})`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new RejectedInput(`the feed is not valid ${label} text`);
  }
}

/** Parses a feed document, or throws RejectedInput saying what is wrong with it. */
export function parseFeedText(raw: string, feedUrl: string): ParsedFeed {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (!text) throw new RejectedInput('the feed is empty');
  const json = text.startsWith('{');
  if (json) {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new RejectedInput(`malformed JSON Feed: ${(error as Error).message}`);
    }
  } else {
    if (!text.startsWith('<')) throw new RejectedInput('not a feed: neither XML nor JSON');
    const depth = htmlNestingDepth(text);
    if (depth > MAX_NESTING_DEPTH) throw new RejectedInput(`the feed is nested too deeply: ${depth} levels (the limit is ${MAX_NESTING_DEPTH})`);
    const problem = detectProblem(text);
    if (problem) throw new RejectedInput(problem);
  }
  let parsed: { format: FeedFormat; feed: Record<string, unknown> };
  try {
    parsed = parseFeed(text) as unknown as typeof parsed;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'DetectError') throw new RejectedInput('not a feed: no RSS, Atom, RDF or JSON Feed document found');
    const cause = (error as Error).cause;
    if (error instanceof RangeError || cause instanceof RangeError) throw new RejectedInput('the feed is nested too deeply to read');
    throw new RejectedInput(`the feed could not be read (${(error as Error).message})`);
  }
  const items: FeedItem[] = [];
  const keys = new Set<string>();
  for (const raw of rawItems(parsed.format, parsed.feed)) {
    const link = absoluteHttpUrl(raw.link, feedUrl);
    const title = plainTitle(raw.title);
    const key = itemKey({ ...raw, link, title });
    if (!key || keys.has(key)) continue;
    keys.add(key);
    items.push({ key, title, link, published: raw.published, content: raw.content });
  }
  // Feeds list newest first by convention; when every item is dated, the dates decide.
  if (items.every((i) => i.published)) items.sort((a, b) => b.published!.localeCompare(a.published!));
  return { format: parsed.format, title: plainTitle(textOf(parsed.feed.title)), items };
}
