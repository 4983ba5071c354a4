// Raw input (a file's bytes and name, or pasted text) -> Articles. One entry point per input kind;
// every format ends in structureArticle so titles, datelines, subheadings and noise follow one rule.
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { Lexer, type Token, type Tokens } from 'marked';
import { type Article, RejectedInput, type SourceFormat } from '../domain/article.ts';
import { decodeArticleBytes, formatBytes, normaliseText } from './decode.ts';
import { type ArticleMeta, type Block, blocksFromPlainText, collapseSpaces, structureArticle } from './structure.ts';

export const SUPPORTED_EXTENSIONS: Record<string, SourceFormat | 'jsonl'> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.html': 'html',
  '.htm': 'html',
};

/** One parsed item of an input: an article, or the reason a part of it (a JSONL line) was refused. */
export type ParseOutcome =
  | { ok: true; article: Article; part?: string }
  | { ok: false; reason: string; part?: string };

export function formatOfFileName(fileName: string): SourceFormat | 'jsonl' {
  const extension = path.extname(fileName).toLowerCase();
  const format = SUPPORTED_EXTENSIONS[extension];
  if (!format) {
    const known = Object.keys(SUPPORTED_EXTENSIONS).join(', ');
    throw new RejectedInput(`unknown file type "${extension || '(none)'}"; supported: ${known}`);
  }
  return format;
}

/** A JSON or JSONL file carries many articles: the per-article cap applies to each record's text. */
const BATCH_FILE_MAX_BYTES = 1024 * 1024 * 1024;

/** Parses a whole file. Throws RejectedInput when the file itself is unusable. */
export function parseFile(fileName: string, bytes: Uint8Array, maxBytes: number, meta: ArticleMeta = {}): ParseOutcome[] {
  const format = formatOfFileName(fileName);
  const batch = format === 'json' || format === 'jsonl';
  // decodeArticleBytes has already normalised the text and refused an empty file.
  const text = decodeArticleBytes(bytes, batch ? Math.max(maxBytes, BATCH_FILE_MAX_BYTES) : maxBytes);
  return parseNormalised(text, format, meta, maxBytes);
}

/** Parses pasted or fetched text. */
export function parseText(rawText: string, format: SourceFormat | 'jsonl', meta: ArticleMeta = {}, maxArticleBytes = Infinity): ParseOutcome[] {
  const text = normaliseText(rawText);
  if (!text.trim()) throw new RejectedInput('empty: there is no text');
  return parseNormalised(text, format, meta, maxArticleBytes);
}

function parseNormalised(text: string, format: SourceFormat | 'jsonl', meta: ArticleMeta, maxArticleBytes: number): ParseOutcome[] {
  refuseDeepNesting(text, format);
  return withParserFailuresRefused(() => parseByFormat(text, format, meta, maxArticleBytes));
}

function parseByFormat(text: string, format: SourceFormat | 'jsonl', meta: ArticleMeta, maxArticleBytes: number): ParseOutcome[] {
  switch (format) {
    case 'text':
      return [{ ok: true, article: structureArticle(blocksFromPlainText(text), meta, 'text') }];
    case 'markdown':
      return [{ ok: true, article: parseMarkdown(text, meta) }];
    case 'html':
      return [{ ok: true, article: parseHtml(text, meta) }];
    case 'json':
      return parseJsonDocument(text, meta, maxArticleBytes);
    case 'jsonl':
      return parseJsonLines(text, meta, maxArticleBytes);
  }
}

// ---- JSON and JSONL: {title?, text, url?, published?, outlet?, id?} ----

function optionalString(record: Record<string, unknown>, field: string): string | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new RejectedInput(`"${field}" must be a string`);
  return value.trim() || null;
}

export function validHttpUrl(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // fall through to the error below
  }
  throw new RejectedInput(`"url" is not an http(s) address: ${value.slice(0, 80)}`);
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
}

export function validDate(value: string | null): string | null {
  if (value === null) return null;
  if (!isIsoDate(value)) {
    throw new RejectedInput(`"published" is not an ISO date (YYYY-MM-DD): ${value.slice(0, 40)}`);
  }
  return value;
}

export function articleFromRecord(value: unknown, meta: ArticleMeta, maxArticleBytes = Infinity): Article {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RejectedInput('expected an object with a "text" field');
  }
  const record = value as Record<string, unknown>;
  const text = record.text;
  if (typeof text !== 'string') throw new RejectedInput('missing "text" (a string with the article body)');
  if (!text.trim()) throw new RejectedInput('"text" is empty');
  if (text.length > maxArticleBytes / 4 && Buffer.byteLength(text) > maxArticleBytes) {
    throw new RejectedInput(`"text" is too large: ${formatBytes(Buffer.byteLength(text))}, the limit is ${formatBytes(maxArticleBytes)} (MAX_ARTICLE_BYTES)`);
  }
  const id = record.id;
  const recordMeta: ArticleMeta = {
    title: optionalString(record, 'title') ?? meta.title ?? null,
    url: validHttpUrl(optionalString(record, 'url')) ?? meta.url ?? null,
    published: validDate(optionalString(record, 'published')) ?? meta.published ?? null,
    outlet: optionalString(record, 'outlet') ?? meta.outlet ?? null,
    sourceId: typeof id === 'string' || typeof id === 'number' ? String(id) : (meta.sourceId ?? null),
  };
  return structureArticle(blocksFromPlainText(normaliseText(text)), recordMeta, 'json');
}

function outcome(build: () => Article, part?: string): ParseOutcome {
  try {
    return { ok: true, article: build(), part };
  } catch (error) {
    // One record that makes the parser throw is refused alone; the file's other records stand.
    return { ok: false, reason: asRejection(error).message, part };
  }
}

function parseJsonDocument(text: string, meta: ArticleMeta, maxArticleBytes: number): ParseOutcome[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RejectedInput(`malformed JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RejectedInput('empty: the JSON array has no articles');
    return value.map((item, i) => outcome(() => articleFromRecord(item, meta, maxArticleBytes), `item ${i + 1}`));
  }
  return [outcome(() => articleFromRecord(value, meta, maxArticleBytes))];
}

function parseJsonLines(text: string, meta: ArticleMeta, maxArticleBytes: number): ParseOutcome[] {
  const outcomes: ParseOutcome[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const part = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      outcomes.push({ ok: false, reason: `malformed JSON: ${(error as Error).message}`, part });
      continue;
    }
    outcomes.push(outcome(() => articleFromRecord(value, meta, maxArticleBytes), part));
  }
  if (outcomes.length === 0) throw new RejectedInput('empty: the JSONL file has no lines');
  return outcomes;
}

// ---- Markdown: marked's lexer gives the block structure; inline markup is reduced to its text ----

function inlineText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'image':
        case 'html':
          return '';
        case 'br':
          return ' ';
        case 'link':
        case 'strong':
        case 'em':
        case 'del':
          return inlineText((token as Tokens.Link).tokens, (token as Tokens.Link).text);
        case 'codespan':
        case 'escape':
        case 'text':
          return 'tokens' in token && token.tokens ? inlineText(token.tokens, token.text) : (token as Tokens.Text).text;
        default:
          return 'text' in token ? String(token.text) : '';
      }
    })
    .join('');
}

function markdownBlocks(tokens: Token[], out: Block[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        out.push({ text: inlineText(token.tokens, token.text), kind: 'heading' });
        break;
      case 'paragraph':
      case 'text':
        for (const line of blocksFromPlainText(inlineText(token.tokens, token.text))) out.push(line);
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) out.push({ text: inlineText(item.tokens, item.text), kind: 'paragraph' });
        break;
      case 'blockquote':
        markdownBlocks((token as Tokens.Blockquote).tokens, out);
        break;
      default:
        break; // code, html, tables and rules are not article prose
    }
  }
}

function parseMarkdown(text: string, meta: ArticleMeta): Article {
  const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const fields: Record<string, string> = {};
  let body = text;
  if (frontMatter) {
    for (const line of frontMatter[1]!.split('\n')) {
      const field = /^(\w+):\s*(.*)$/.exec(line);
      if (field) fields[field[1]!.toLowerCase()] = field[2]!.replace(/^["']|["']$/g, '');
    }
    body = text.slice(frontMatter[0].length);
  }
  const blocks: Block[] = [];
  markdownBlocks(new Lexer().lex(body), blocks);
  return structureArticle(
    blocks,
    {
      ...meta,
      title: fields.title ?? meta.title ?? null,
      url: validHttpUrl(fields.url ?? null) ?? meta.url ?? null,
      published: validDate(fields.published ?? fields.date ?? null) ?? meta.published ?? null,
      outlet: fields.outlet ?? fields.source ?? meta.outlet ?? null,
    },
    'markdown',
  );
}

// ---- HTML: Mozilla Readability finds the main text; its block elements become paragraphs ----

const BLOCK_SELECTOR = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre';

/**
 * Page titles often carry the site name ("Story | Outlet"); the page's own h1 is the headline when
 * the title starts with it.
 */
function pageTitle(title: string | null | undefined, siteName: string | null | undefined, h1: string | null): string | null {
  const clean = title ? collapseSpaces(title) : null;
  const heading = h1 ? collapseSpaces(h1) : null;
  if (clean && heading && clean.startsWith(heading)) return heading;
  if (clean && siteName) {
    const suffix = new RegExp(`\\s*[|–—:-]\\s*${siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return clean.replace(suffix, '') || clean;
  }
  return clean ?? heading;
}

export function parseHtml(html: string, meta: ArticleMeta = {}): Article {
  // linkedom builds no document element from a fragment or plain text; Readability needs one.
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  if (!document.documentElement) throw new RejectedInput('not an HTML page');
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const publishedMeta =
    document.querySelector('meta[property="article:published_time"]')?.getAttribute('content') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    null;
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100 }).parse();
  if (!parsed?.content || !parsed.textContent?.trim()) {
    throw new RejectedInput('no main article text found in the HTML page');
  }
  const { document: content } = parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`);
  const blocks: Block[] = [];
  for (const element of content.querySelectorAll(BLOCK_SELECTOR)) {
    // Nested blocks (a p inside a blockquote) are read once, at the innermost level.
    if (element.querySelector(BLOCK_SELECTOR)) continue;
    const text = collapseSpaces(element.textContent ?? '');
    if (!text) continue;
    blocks.push({ text, kind: /^H[1-6]$/.test(element.tagName) ? 'heading' : 'paragraph' });
  }
  if (blocks.length === 0) throw new RejectedInput('no main article text found in the HTML page');
  let url = meta.url ?? null;
  try {
    if (canonical) url = validHttpUrl(new URL(canonical, meta.url ?? undefined).toString());
  } catch {
    // a broken canonical link is ignored; the fetched URL stays
  }
  let published = meta.published ?? null;
  // Stored dates are compared as ISO text, so a page's date counts only in that form, as in JSON.
  if (!published && publishedMeta && isIsoDate(publishedMeta)) published = publishedMeta;
  return structureArticle(
    blocks,
    {
      ...meta,
      title: meta.title ?? pageTitle(parsed.title, parsed.siteName, document.querySelector('h1')?.textContent ?? null),
      url,
      published,
      outlet: meta.outlet ?? parsed.siteName ?? null,
    },
    'html',
  );
}

// ---- Guards at the entry: the parsers (marked, linkedom, Readability) recurse once per nesting
// level, so 20,000 nested <div>s or 50,000 nested ">" overflow the stack. Depth is measured cheaply
// first and refused past a limit no real article comes near; whatever still makes a parser throw
// (a stack overflow on a shape the measure missed, a parser bug) refuses that one input. ----

/** Deepest nesting accepted: real pages stay well under 100 levels; Readability copes with this many. */
export const MAX_NESTING_DEPTH = 400;

/** Blockquote and list markers that open a nesting level at the start of a Markdown line. */
const MARKDOWN_LINE_PREFIX = /^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;

export function markdownNestingDepth(text: string): number {
  let deepest = 0;
  for (const line of text.split('\n')) {
    const prefix = MARKDOWN_LINE_PREFIX.exec(line)![0];
    if (prefix.length <= deepest) continue; // cannot be deeper than what is known
    let depth = 0;
    let spaces = 0;
    let afterMarker = false;
    for (const char of prefix) {
      // The one space after a marker belongs to it; indentation beyond that nests.
      const marker = !(char === ' ' || char === '\t');
      if (!marker && afterMarker) {
        afterMarker = false;
        continue;
      }
      afterMarker = marker;
      if (char === ' ') spaces++;
      else if (char === '\t') spaces += 4;
      else if (char === '>' || char === '-' || char === '*' || char === '+') depth++;
      else if (char === '.' || char === ')') depth++; // an ordered-list marker ends here
    }
    deepest = Math.max(deepest, depth + Math.floor(spaces / 4));
  }
  return deepest;
}

// Elements that never hold children or whose end tag may be left out: they do not open a level.
const FLAT_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rt', 'rp',
]);
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'template', 'xmp', 'noscript']);

/**
 * The deepest element nesting of an HTML text, by a linear scan of its tags (no tree is built, and
 * no regex that could rescan the rest of the text from every "<").
 */
export function htmlNestingDepth(html: string): number {
  const lower = html.toLowerCase();
  let depth = 0;
  let deepest = 0;
  let at = lower.indexOf('<');
  while (at >= 0) {
    if (lower.startsWith('<!--', at)) {
      const end = lower.indexOf('-->', at + 4);
      if (end < 0) break;
      at = lower.indexOf('<', end + 3);
      continue;
    }
    const name = /^<(\/?)([a-z][^\s/>]*)/.exec(lower.slice(at, at + 64));
    if (!name) {
      at = lower.indexOf('<', at + 1); // "a < b" is text
      continue;
    }
    const close = lower.indexOf('>', at);
    if (close < 0) break;
    const element = name[2]!;
    let next = close + 1;
    if (name[1]) {
      if (!FLAT_ELEMENTS.has(element)) depth = Math.max(0, depth - 1);
    } else if (RAW_TEXT_ELEMENTS.has(element)) {
      const end = lower.indexOf(`</${element}`, next);
      if (end < 0) break;
      next = end;
    } else if (lower[close - 1] !== '/' && !FLAT_ELEMENTS.has(element)) {
      deepest = Math.max(deepest, ++depth);
    }
    at = lower.indexOf('<', next);
  }
  return deepest;
}

function refuseDeepNesting(text: string, format: SourceFormat | 'jsonl'): void {
  const depth = format === 'markdown' ? markdownNestingDepth(text) : format === 'html' ? htmlNestingDepth(text) : 0;
  if (depth > MAX_NESTING_DEPTH) {
    const what = format === 'markdown' ? 'quotes or lists' : 'elements';
    throw new RejectedInput(`nested too deeply: ${what} ${depth} levels deep (the limit is ${MAX_NESTING_DEPTH})`);
  }
}

/** Any other failure inside a parser refuses this input with its reason instead of ending the batch. */
function withParserFailuresRefused<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw asRejection(error);
  }
}

function asRejection(error: unknown): RejectedInput {
  if (error instanceof RejectedInput) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) return new RejectedInput('nested too deeply for the parser (it ran out of stack)');
  return new RejectedInput(`the parser failed on it (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`.slice(0, 300));
}
