import path from 'node:path';
import { buildCharts } from '../report/charts.js';
import { renderChart } from '../report/render.js';
import { readRunFolder } from '../report/runFolder.js';
import { writeFolderAtomically, type FileContent } from '../results/outputFolder.js';

/** `ehsim report <dir>`: charts for a run or comparison folder, as vega-lite specs, SVG and PNG, in <dir>/charts/. */
export async function reportCommand(args: { dir: string }, print: (s: string) => void): Promise<string> {
  const run = readRunFolder(args.dir);
  const charts = buildCharts(run);
  const files = new Map<string, FileContent>();
  for (const chart of charts) {
    const { svg, png } = await renderChart(chart.spec);
    files.set(`${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2) + '\n');
    files.set(`${chart.name}.svg`, svg);
    files.set(`${chart.name}.png`, png);
  }
  files.set('index.json', JSON.stringify({ charts: charts.map((c) => ({ name: c.name, title: c.title })) }, null, 2) + '\n');
  const out = path.join(args.dir, 'charts');
  writeFolderAtomically(out, files, 'index.json');
  print(`Wrote ${charts.length} charts (vega-lite spec, SVG and PNG each) to ${out}/: ${charts.map((c) => c.name).join(', ')}`);
  return out;
}
