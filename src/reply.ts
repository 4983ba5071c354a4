// The platform-neutral answer every command returns. It holds plain text only: renderers (Discord,
// console) decide how to show it, escape Markdown and enforce their own limits, so a handler never
// needs to know where its answer goes.

export interface ReplyLink {
  label: string;
  url: string;
}

export interface ReplySection {
  heading?: string;
  /** Plain-text lines, shown in order. Article text goes here unescaped; renderers escape it. */
  lines: string[];
  links?: ReplyLink[];
}

/** A file sent with the answer (a chart): Discord attaches it, the console writes it to disk. */
export interface ReplyAttachment {
  /** File name with its extension, e.g. trend.png: Discord shows it and picks the preview from it. */
  name: string;
  bytes: Uint8Array;
  /** Alt text: what the file shows, for screen readers and for the console's listing. */
  description: string;
}

export interface Reply {
  title: string;
  url?: string;
  /** A short plain-text lead shown under the title. */
  description?: string;
  sections: ReplySection[];
  footer?: string;
  /** Only the asking user sees it (errors, previews, admin confirmations). */
  ephemeral?: boolean;
  tone?: 'info' | 'success' | 'warning' | 'error';
  /** This answer is page `page` (1-based) of `pages`; asking again with option `page:N` gives page N. */
  paging?: { page: number; pages: number };
  attachments?: ReplyAttachment[];
}

export function errorReply(title: string, message: string): Reply {
  return { title, description: message, sections: [], ephemeral: true, tone: 'error' };
}

const BASE64 = '$base64';

/**
 * Replies as JSON (a stored digest payload): attachment bytes as base64, which JSON.stringify would
 * otherwise write as one number per byte and JSON.parse could not turn back into bytes.
 */
export function repliesToJson(replies: Reply[]): string {
  return JSON.stringify(replies, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `this[key]` is the value before a Buffer's own toJSON turned it into { type, data }.
    const original = this[key];
    return original instanceof Uint8Array ? { [BASE64]: Buffer.from(original).toString('base64') } : value;
  });
}

export function repliesFromJson(json: string): Reply[] {
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object' && BASE64 in value && typeof (value as Record<string, unknown>)[BASE64] === 'string') {
      return new Uint8Array(Buffer.from((value as Record<string, string>)[BASE64]!, 'base64'));
    }
    return value;
  }) as Reply[];
}
