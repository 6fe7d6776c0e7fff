import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { useFontMetrics } from './textWidth.js';

const require = createRequire(import.meta.url);
/** Fonts shipped through npm, so text renders the same on every machine (resvg draws no text without fonts). */
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(fontDir, f));

/** How resvg draws a chart: at 2x, on white, with the shipped fonts only. */
export const PNG_OPTIONS: ResvgRenderOptions = {
  fitTo: { mode: 'zoom', value: 2 },
  background: 'white',
  font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
};

/** A vega-lite spec laid out headless as SVG (vega, no canvas). */
async function svgOf(spec: TopLevelSpec): Promise<string> {
  useFontMetrics();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * An SVG drawn as PNG by resvg on a thread of libuv's pool: drawing and encoding were two thirds
 * of a chart's time on this thread, and now overlap the next chart's layout (and use another core).
 */
async function pngOf(svg: string): Promise<Buffer> {
  return (await renderAsync(svg, PNG_OPTIONS)).asPng();
}

/** Renders a vega-lite spec headless to SVG and PNG. */
export async function renderChart(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }> {
  const svg = await svgOf(spec);
  return { svg, png: await pngOf(svg) };
}

/** Each chart as files: `<name>.vl.json` (the spec), `<name>.svg` and `<name>.png`. */
export async function chartFiles(charts: { name: string; spec: TopLevelSpec }[]): Promise<Map<string, string | Buffer>> {
  const svgs: string[] = [];
  const pngs: Promise<Buffer>[] = [];
  try {
    for (const chart of charts) {
      const svg = await svgOf(chart.spec);
      svgs.push(svg);
      pngs.push(pngOf(svg));
    }
  } finally {
    // A chart that failed to lay out stops the rest; PNGs already under way are awaited first, so none is left unhandled.
    await Promise.allSettled(pngs);
  }
  const drawn = await Promise.all(pngs);
  const files = new Map<string, string | Buffer>();
  charts.forEach((chart, i) => {
    files.set(`${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2) + '\n');
    files.set(`${chart.name}.svg`, svgs[i]!);
    files.set(`${chart.name}.png`, drawn[i]!);
  });
  return files;
}

/** Charts rendered for an output folder: their names and files. */
export async function renderCharts(charts: { name: string; spec: TopLevelSpec }[]): Promise<{ names: string[]; files: Map<string, string | Buffer> }> {
  return { names: charts.map((c) => c.name), files: await chartFiles(charts) };
}
