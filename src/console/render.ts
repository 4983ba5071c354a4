// The console's and CLI's renderer: a Reply as readable plain text, and its attachments as files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Reply } from '../reply.ts';

/** Where the console and `brief ask` write the charts they are given, unless told otherwise. */
export const DEFAULT_OUT_DIR = path.join(tmpdir(), 'security-brief-charts');

/** A Reply as plain text, for the console, `brief ask` and logs; `files` are where its attachments were written. */
export function replyToText(reply: Reply, files: string[] = []): string {
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
  (reply.attachments ?? []).forEach((attachment, i) => {
    out.push('', files[i] ? `Wrote ${files[i]} (${attachment.description})` : `Attached ${attachment.name} (${attachment.description})`);
  });
  return out.join('\n');
}

let written = 0;

/**
 * Writes the Reply's attachments into `dir` under names no earlier answer used (trend-<time>-<n>.png),
 * so a chart asked for twice never overwrites the first; returns their paths in order.
 */
export function writeAttachments(reply: Reply, dir = DEFAULT_OUT_DIR): string[] {
  const attachments = reply.attachments ?? [];
  if (attachments.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  return attachments.map((attachment) => {
    const { name, ext } = path.parse(path.basename(attachment.name));
    const file = path.join(dir, `${name || 'attachment'}-${Date.now()}-${++written}${ext}`);
    writeFileSync(file, attachment.bytes);
    return file;
  });
}
