// Stable identity of an article, independent of how it reached us: the same story pasted, uploaded
// or fetched twice gets the same keys, so it is stored once.
import { createHash } from 'node:crypto';

/** sha256 of the body with case, punctuation, quote styles and spacing folded away. */
export function textHash(body: string): string {
  const folded = foldSeparators(body.normalize('NFKC').toLowerCase()).trim();
  return createHash('sha256').update(folded).digest('hex');
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** Per UTF-16 unit below 0x10000: 0 not asked yet, 1 a letter or number, 2 neither. Filled as met. */
const bmpKinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, boolean>();

function isLetterOrNumber(codePoint: number): boolean {
  if (codePoint < 0x10000) {
    let kind = bmpKinds[codePoint]!;
    if (kind === 0) bmpKinds[codePoint] = kind = LETTER_OR_NUMBER.test(String.fromCharCode(codePoint)) ? 1 : 2;
    return kind === 1;
  }
  let known = astralKinds.get(codePoint);
  if (known === undefined) astralKinds.set(codePoint, (known = LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint))));
  return known;
}

/**
 * `text.replace(/[^\p{L}\p{N}]+/gu, ' ')` without the regex engine, which spent about 15 ns a
 * character trying a match at every position of the text (two thirds of the hash's time): each run
 * of code points that are neither letters nor numbers becomes one space. A run that already is one
 * space is left in place, so the text is copied in long slices. Hashes stored by earlier versions
 * depend on this being exact; tests/store/keys.test.ts holds it to the regex.
 */
function foldSeparators(text: string): string {
  const parts: string[] = [];
  let copied = 0; // text before this index is in parts
  let runStart = -1; // where the current run of separators began; -1 inside a word
  const n = text.length;
  const endRun = (end: number): void => {
    if (end - runStart !== 1 || text.charCodeAt(runStart) !== 32) {
      parts.push(text.slice(copied, runStart), ' ');
      copied = end;
    }
    runStart = -1;
  };
  for (let i = 0; i < n; i++) {
    let codePoint = text.charCodeAt(i);
    const start = i;
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (isLetterOrNumber(codePoint)) {
      if (runStart >= 0) endRun(start);
    } else if (runStart < 0) {
      runStart = start;
    }
  }
  if (runStart >= 0) endRun(n);
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

const TRACKING_PARAMETERS = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|igshid|s_cid)$/i;

/** The URL with scheme, host case, www., fragment, tracking parameters and trailing slash folded. */
export function canonicalUrl(raw: string | null): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  const parameters = [...url.searchParams.entries()]
    .filter(([key]) => !TRACKING_PARAMETERS.test(key))
    .sort(([a], [b]) => a.localeCompare(b));
  const query = parameters.length ? `?${new URLSearchParams(parameters).toString()}` : '';
  const pathname = url.pathname.replace(/\/+$/, '') || '/';
  return `https://${host}${port}${pathname}${query}`;
}
