// Text widths from the shipped font itself. Without a canvas, Vega guesses every character at 0.8 em,
// which makes a title or a legend a third wider than DejaVu Sans draws it, and the chart grows
// empty space to fit the guess. Reading the advance widths from the font's own tables (cmap, hmtx)
// gives Vega the widths resvg will draw, with no native canvas to install. Kerning is ignored: it
// moves a line by a pixel or two.
import { readFileSync } from 'node:fs';

interface Table {
  offset: number;
  length: number;
}

export class FontMetrics {
  private readonly unitsPerEm: number;
  private readonly advances: number[];
  private readonly glyphs = new Map<number, number>();
  private readonly cache = new Map<number, number>();

  constructor(private readonly data: Buffer) {
    const tables = new Map<string, Table>();
    const count = data.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      tables.set(data.toString('latin1', at, at + 4), { offset: data.readUInt32BE(at + 8), length: data.readUInt32BE(at + 12) });
    }
    const need = (tag: string): Table => {
      const table = tables.get(tag);
      if (!table) throw new Error(`font has no ${tag} table`);
      return table;
    };
    this.unitsPerEm = data.readUInt16BE(need('head').offset + 18);
    const metrics = data.readUInt16BE(need('hhea').offset + 34);
    const hmtx = need('hmtx').offset;
    this.advances = Array.from({ length: metrics }, (_, i) => data.readUInt16BE(hmtx + i * 4));
    this.readCmap(need('cmap').offset);
  }

  /** The Unicode BMP map (platform 3, encoding 1, format 4): every code point to its glyph. */
  private readCmap(cmap: number): void {
    const data = this.data;
    let subtable = -1;
    for (let i = 0; i < data.readUInt16BE(cmap + 2); i++) {
      const at = cmap + 4 + i * 8;
      const platform = data.readUInt16BE(at);
      const encoding = data.readUInt16BE(at + 2);
      if ((platform === 3 && encoding === 1) || (platform === 0 && subtable < 0)) subtable = cmap + data.readUInt32BE(at + 4);
    }
    if (subtable < 0 || data.readUInt16BE(subtable) !== 4) throw new Error('font has no Unicode format-4 cmap');
    const segments = data.readUInt16BE(subtable + 6) / 2;
    const ends = subtable + 14;
    const starts = ends + segments * 2 + 2;
    const deltas = starts + segments * 2;
    const rangeOffsets = deltas + segments * 2;
    for (let s = 0; s < segments; s++) {
      const end = data.readUInt16BE(ends + s * 2);
      const start = data.readUInt16BE(starts + s * 2);
      const delta = data.readUInt16BE(deltas + s * 2);
      const rangeAt = rangeOffsets + s * 2;
      const range = data.readUInt16BE(rangeAt);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (range === 0) {
          glyph = (c + delta) & 0xffff;
        } else {
          const raw = data.readUInt16BE(rangeAt + range + 2 * (c - start));
          glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (glyph !== 0) this.glyphs.set(c, glyph);
      }
    }
  }

  /** Advance of one code point in em; a character the font lacks counts as a space-and-a-half. */
  private advance(codePoint: number): number {
    let width = this.cache.get(codePoint);
    if (width === undefined) {
      const glyph = this.glyphs.get(codePoint);
      const units = glyph === undefined ? 1.5 * (this.advances[this.glyphs.get(32) ?? 0] ?? 0) : (this.advances[Math.min(glyph, this.advances.length - 1)] ?? 0);
      width = units / this.unitsPerEm;
      this.cache.set(codePoint, width);
    }
    return width;
  }

  /** Whether the font has a glyph for this code point. */
  covers(codePoint: number): boolean {
    return this.glyphs.has(codePoint);
  }

  /** Width of a line of text at `fontSize` pixels. */
  width(text: string, fontSize: number): number {
    let em = 0;
    for (const char of text) em += this.advance(char.codePointAt(0)!);
    return em * fontSize;
  }

  static load(file: string): FontMetrics {
    return new FontMetrics(readFileSync(file));
  }
}

/** The item Vega measures: a text mark's font settings. */
export interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/** Vega's textMetrics.width, from the regular and bold faces. */
export function vegaTextWidth(regular: FontMetrics, bold: FontMetrics): (item: TextItem, text: unknown) => number {
  return (item, text) => {
    const line = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const weight = item.fontWeight;
    const isBold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
    const width = (isBold ? bold : regular).width(line, size);
    // A text with a limit is cut to fit it with an ellipsis: never wider than the limit.
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
