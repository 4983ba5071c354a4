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
}

export function errorReply(title: string, message: string): Reply {
  return { title, description: message, sections: [], ephemeral: true, tone: 'error' };
}
