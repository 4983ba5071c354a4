// Stable identity of an article, independent of how it reached us: the same story pasted, uploaded
// or fetched twice gets the same keys, so it is stored once.
import { createHash } from 'node:crypto';

/** sha256 of the body with case, punctuation, quote styles and spacing folded away. */
export function textHash(body: string): string {
  const folded = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(folded).digest('hex');
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
