// Draws trend series as a PNG with well-kept parts: a Vega-Lite spec (the chart grammar) compiled to
// Vega, rendered to SVG by Vega's own headless renderer, rasterised by resvg with the DejaVu Sans
// shipped in data/fonts and no system fonts, so a chart looks the same on every machine.
//
// Vega and Vega-Lite take most of a second to load, so they are required on the first chart rather
// than at start-up: the CLI, the console and every test that never draws pay nothing.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as VegaModule from 'vega';
import type * as VegaLiteModule from 'vega-lite';
import type * as ResvgModule from '@resvg/resvg-js';
import { PROJECT_ROOT } from '../config.ts';
import { FontMetrics, vegaTextWidth } from './font-metrics.ts';
import type { TrendSeries } from './series.ts';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies, and none is grey or black like the axes. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'] as const;
export const MAX_SERIES = SERIES_COLOURS.length;

export const FONT_DIR = path.join(PROJECT_ROOT, 'data', 'fonts');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONT_DIR, f));
/**
 * The same two faces cut down to Latin letters and punctuation (pyftsubset, glyphs and kerning
 * unchanged; see docs/issue-20.md). resvg-js reads a font file whole from disk for every glyph it
 * draws, so the 750 kB faces cost most of a millisecond a label; these 45 kB ones draw the same
 * pixels in a fifth of the time. Used when every character of a chart is in them, else the full faces.
 */
const LATIN_FONT_FILES = ['DejaVuSans-Latin.ttf', 'DejaVuSans-Bold-Latin.ttf'].map((f) => path.join(FONT_DIR, f));
const FONT = 'DejaVu Sans';

export type ChartSize = 'full' | 'small';

/** The plotting area in pixels; titles, axes and the legend are added around it. */
const SIZES: Record<ChartSize, { width: number; height: number; title: number; label: number }> = {
  full: { width: 720, height: 280, title: 16, label: 11 },
  small: { width: 420, height: 110, title: 13, label: 10 },
};

export interface ChartRequest {
  title: string;
  /** A second line under the title. */
  subtitle?: string;
  size: ChartSize;
}

interface Libraries {
  vega: typeof VegaModule;
  vegaLite: typeof VegaLiteModule;
  Resvg: typeof ResvgModule.Resvg;
  /** Whether both Latin faces have a glyph for a code point. */
  inLatinFaces: (codePoint: number) => boolean;
}

let libraries: Libraries | null = null;

function load(): Libraries {
  if (!libraries) {
    const require = createRequire(import.meta.url);
    const vega = require('vega') as typeof VegaModule;
    // Vega lays text out by these widths; resvg then draws it in the same font (see font-metrics.ts).
    const [regular, bold] = FONT_FILES.map((file) => FontMetrics.load(file)) as [FontMetrics, FontMetrics];
    (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = vegaTextWidth(regular, bold);
    const latin = LATIN_FONT_FILES.map((file) => FontMetrics.load(file));
    libraries = {
      vega,
      vegaLite: require('vega-lite') as typeof VegaLiteModule,
      Resvg: (require('@resvg/resvg-js') as typeof ResvgModule).Resvg,
      inLatinFaces: (codePoint) => latin.every((face) => face.covers(codePoint)),
    };
  }
  return libraries;
}

interface Row {
  day: string;
  series: string;
  stories: number;
  busiest: boolean;
}

function rows(series: TrendSeries[]): Row[] {
  return series.flatMap((s) => s.days.map((d) => ({ day: d.day, series: s.label, stories: d.stories, busiest: s.busiest?.day === d.day })));
}

/**
 * What makes two charts need different Vega programs. Everything else a chart shows (its rows, title,
 * subtitle, tick counts and line names) goes in as data and signals, so a program is compiled from
 * Vega-Lite and parsed once per shape (at most 40 of them) and not for every chart.
 */
interface ChartShape {
  size: ChartSize;
  lines: number;
  subtitle: boolean;
  /** More than 120 days: the axis names months, not days. */
  long: boolean;
}

/** The values a chart of a shape is given at drawing time, by the names its spec reads them. */
interface ChartInputs {
  chartTitle: string;
  chartSubtitle: string;
  dayTicks: number;
  storyTicks: number;
  lineNames: string[];
}

const DATA = 'trend';

function chartParts(series: TrendSeries[], request: ChartRequest): { shape: ChartShape; inputs: ChartInputs } {
  const days = series[0]?.days.length ?? 0;
  const most = Math.max(1, ...series.flatMap((s) => s.days.map((d) => d.stories)));
  const small = request.size === 'small';
  return {
    shape: { size: request.size, lines: series.length, subtitle: Boolean(request.subtitle), long: days > 120 },
    inputs: {
      chartTitle: request.title,
      chartSubtitle: request.subtitle ?? '',
      dayTicks: Math.min(days, small ? 5 : 10),
      storyTicks: Math.min(most, small ? 3 : 6),
      lineNames: series.map((s) => s.label),
    },
  };
}

/** The spec of a shape, reading the rows from the data set DATA and the rest from parameters. */
function shapeSpec(shape: ChartShape, inputs: ChartInputs): VegaLiteModule.TopLevelSpec {
  const size = SIZES[shape.size];
  const small = shape.size === 'small';
  return {
    width: size.width,
    height: size.height,
    padding: 8,
    background: 'white',
    params: Object.entries(inputs).map(([name, value]) => ({ name, value })),
    title: {
      text: { expr: 'chartTitle' },
      // Vega-Lite takes no expression for a subtitle: program() points the compiled title at the signal.
      ...(shape.subtitle ? { subtitle: inputs.chartSubtitle } : {}),
      anchor: 'start',
      // A title longer than the plot is cut with an ellipsis rather than widening the picture.
      limit: size.width,
      fontSize: size.title,
      subtitleFontSize: size.label,
      subtitleColor: '#555555',
    },
    data: { name: DATA },
    encoding: {
      x: {
        field: 'day',
        type: 'temporal',
        // Days are UTC dates: read and labelled in UTC, whatever the machine's zone.
        timeUnit: 'utcyearmonthdate',
        title: null,
        axis: { format: shape.long ? '%b %Y' : '%d %b', labelAngle: 0, grid: false, tickCount: { expr: 'dayTicks' } },
      },
      y: {
        field: 'stories',
        type: 'quantitative',
        title: small ? null : 'stories per day',
        scale: { domainMin: 0, nice: true },
        // Whole stories only: no 0.5 ticks on a quiet chart.
        axis: { format: 'd', tickMinStep: 1, tickCount: { expr: 'storyTicks' } },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: { expr: 'lineNames' }, range: SERIES_COLOURS.slice(0, shape.lines) },
        legend: shape.lines > 1 || !small
          ? { title: null, orient: 'bottom', direction: 'horizontal', columns: Math.min(shape.lines, 3), labelLimit: small ? 130 : 220, symbolType: 'stroke', symbolStrokeWidth: 3 }
          : null,
      },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: small ? 2 : 2.5, interpolate: 'linear' } },
      { mark: { type: 'point', filled: true, opacity: 1, size: small ? 40 : 90 }, transform: [{ filter: 'datum.busiest' }] },
    ],
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: size.label, titleFontSize: size.label, labelColor: '#333333', titleColor: '#333333' },
      legend: { labelFontSize: size.label + 1 },
    },
  };
}

/** Parsed Vega programs by shape: compiling and parsing one is a third of the cost of drawing. */
const programs = new Map<string, VegaModule.Runtime>();

/** Drops the compiled programs, so the next chart of each shape compiles again (for the bench). */
export function forgetChartPrograms(): void {
  programs.clear();
}

function program(shape: ChartShape, inputs: ChartInputs): VegaModule.Runtime {
  const key = JSON.stringify(shape);
  let parsed = programs.get(key);
  if (!parsed) {
    const { vega, vegaLite } = load();
    const compiled = vegaLite.compile(shapeSpec(shape, inputs)).spec;
    if (shape.subtitle) (compiled.title as { subtitle: unknown }).subtitle = { signal: 'chartSubtitle' };
    parsed = vega.parse(compiled);
    programs.set(key, parsed);
  }
  return parsed;
}

/** The chart as SVG text, drawn synchronously (callers such as the digest composer are not async). */
export function chartSvg(series: TrendSeries[], request: ChartRequest): string {
  const { vega } = load();
  const { shape, inputs } = chartParts(series, request);
  const view = new vega.View(program(shape, inputs), { renderer: 'none' });
  try {
    for (const [name, value] of Object.entries(inputs)) view.signal(name, value);
    view.data(DATA, rows(series));
    view.run();
    // What view.toSVG() does, minus its promise: the same size, origin and renderer.
    const internal = view as unknown as { _viewWidth: number; _viewHeight: number; _origin: [number, number] };
    const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
    const renderer = new (vega as unknown as { SVGStringRenderer: new (loader: unknown) => SvgRenderer }).SVGStringRenderer(view.loader());
    renderer.initialize(
      null,
      internal._viewWidth + padding.left + padding.right,
      internal._viewHeight + padding.top + padding.bottom,
      [padding.left + internal._origin[0], padding.top + internal._origin[1]],
      1,
    );
    renderer.background(view.background());
    renderer.render((view.scenegraph() as unknown as { root: unknown }).root);
    return renderer.svg();
  } finally {
    view.finalize();
  }
}

interface SvgRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scaleFactor: number): SvgRenderer;
  background(colour: unknown): SvgRenderer;
  render(scene: unknown): SvgRenderer;
  svg(): string;
}

/** SVG to PNG with the shipped font only. */
export function rasterise(svg: string): Buffer {
  const { Resvg, inLatinFaces } = load();
  return new Resvg(svg, { font: { fontFiles: fontFilesFor(svg, inLatinFaces), loadSystemFonts: false, defaultFontFamily: FONT } }).render().asPng();
}

/** The Latin faces when they have every character of the SVG (its markup is ASCII), else the full ones. */
function fontFilesFor(svg: string, inLatinFaces: (codePoint: number) => boolean): string[] {
  for (let i = 0; i < svg.length; i++) {
    const code = svg.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    // A surrogate pair is outside both Latin faces, whichever half is looked up.
    if (code !== 0x0a && code !== 0x09 && !inLatinFaces(code)) return FONT_FILES;
  }
  return LATIN_FONT_FILES;
}

/** The chart as a PNG. */
export function chartPng(series: TrendSeries[], request: ChartRequest): Buffer {
  if (series.length === 0 || series.length > MAX_SERIES) throw new RangeError(`a chart draws 1 to ${MAX_SERIES} series, not ${series.length}`);
  return rasterise(chartSvg(series, request));
}

/**
 * Loads the chart libraries and draws one throw-away chart now, so the first /topic after start does
 * not spend a second of Discord's three loading them. For the bot's start-up, before it logs in.
 */
export function preloadCharts(): void {
  chartPng([{ label: 'warm-up', days: [{ day: '2026-01-01', stories: 1, articles: 1 }], stories: 1, articles: 1, busiest: null }], { title: 'warm-up', size: 'small' });
}
