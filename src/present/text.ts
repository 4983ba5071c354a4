// Shortening text for people: one rule for the digest, /topic, autocomplete choices and the renderer.

/**
 * Cuts at a word boundary and marks the cut, so a long sentence never blows a field's limit: spaces
 * collapsed, and no dangling comma or dash before the ellipsis.
 */
export function clip(text: string, limit: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
