import { Resvg } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { useFontMetrics } from './textWidth.js';

const require = createRequire(import.meta.url);
/** Fonts shipped through npm, so text renders the same on every machine (resvg draws no text without fonts). */
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(fontDir, f));

/** Renders a vega-lite spec headless to SVG (vega, no canvas) and PNG (resvg at 2x). */
export async function renderChart(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }> {
  useFontMetrics();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      background: 'white',
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    return { svg, png };
  } finally {
    view.finalize();
  }
}

/** Each chart as files: `<name>.vl.json` (the spec), `<name>.svg` and `<name>.png`. */
export async function chartFiles(charts: { name: string; spec: TopLevelSpec }[]): Promise<Map<string, string | Buffer>> {
  const files = new Map<string, string | Buffer>();
  for (const chart of charts) {
    const { svg, png } = await renderChart(chart.spec);
    files.set(`${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2) + '\n');
    files.set(`${chart.name}.svg`, svg);
    files.set(`${chart.name}.png`, png);
  }
  return files;
}

/** Charts rendered for an output folder: their names and files. */
export async function renderCharts(charts: { name: string; spec: TopLevelSpec }[]): Promise<{ names: string[]; files: Map<string, string | Buffer> }> {
  return { names: charts.map((c) => c.name), files: await chartFiles(charts) };
}
