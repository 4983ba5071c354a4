// Turns raw bytes into clean text or a RejectedInput that says what is wrong with the file.
import { RejectedInput } from '../domain/article.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} bytes`;
}

export function decodeArticleBytes(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length > maxBytes) {
    throw new RejectedInput(`too large: ${formatBytes(bytes.length)}, the limit is ${formatBytes(maxBytes)} (MAX_ARTICLE_BYTES)`);
  }
  if (bytes.includes(0)) {
    throw new RejectedInput('binary file (it contains NUL bytes); send text, Markdown, HTML, JSON or JSONL');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new RejectedInput('not valid UTF-8 text; save the file as UTF-8 and try again');
  }
  const cleaned = normaliseText(text);
  if (!cleaned.trim()) throw new RejectedInput('empty: the file has no text');
  return cleaned;
}

/** Any character the replacements below rewrite; most texts have none, and one scan beats five. */
const TO_CLEAN = /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00A0\u2007\u202F\u200B\u2060\uFEFF]/;

/**
 * Unicode NFC, one kind of line break, no BOM, no control or zero-width characters, and
 * non-breaking spaces as plain spaces, so hashing and matching see the same text every time.
 */
export function normaliseText(text: string): string {
  const cleaned = TO_CLEAN.test(text)
    ? text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00A0\u2007\u202F]/g, ' ')
      .replace(/[\u200B\u2060\uFEFF]/g, '')
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    : text;
  return cleaned.normalize('NFC');
}
