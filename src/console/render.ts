// The console's and CLI's renderer: a Reply as readable plain text.
import type { Reply } from '../reply.ts';

/** A Reply as plain text, for the console, `brief ask` and logs. */
export function replyToText(reply: Reply): string {
  const out: string[] = [reply.title];
  if (reply.url) out.push(reply.url);
  if (reply.description) out.push('', reply.description);
  for (const section of reply.sections) {
    out.push('');
    if (section.heading) out.push(`## ${section.heading}`);
    for (const line of section.lines) out.push(line);
    for (const link of section.links ?? []) out.push(`  ${link.label}: ${link.url}`);
  }
  if (reply.footer) out.push('', reply.footer);
  if (reply.paging && reply.paging.pages > 1) out.push(`Page ${reply.paging.page} of ${reply.paging.pages} (add page:N for another)`);
  return out.join('\n');
}
