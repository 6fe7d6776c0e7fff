import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBriefing } from '../report/briefing.js';
import { briefingHtml } from '../report/briefingHtml.js';
import { briefingMarkdown } from '../report/briefingMarkdown.js';
import { renderChart } from '../report/render.js';
import { readRunFolder } from '../report/runFolder.js';
import { writeFileAtomically, writeFolderAtomically, type FileContent } from '../results/outputFolder.js';

/**
 * `ehsim report <dir>`: for a run or comparison folder, the charts (vega-lite spec, SVG and PNG
 * in <dir>/charts/) and the briefing (<dir>/briefing.html, self-contained, and <dir>/briefing.md).
 * Returns the path of briefing.html.
 */
export async function reportCommand(args: { dir: string }, print: (s: string) => void): Promise<string> {
  const run = readRunFolder(args.dir);
  const briefing = buildBriefing(run);
  const files = new Map<string, FileContent>();
  for (const chart of briefing.charts) {
    const { svg, png } = await renderChart(chart.spec);
    files.set(`${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2) + '\n');
    files.set(`${chart.name}.svg`, svg);
    files.set(`${chart.name}.png`, png);
  }
  files.set('index.json', JSON.stringify({ charts: briefing.charts.map((c) => ({ name: c.name, title: c.title })) }, null, 2) + '\n');
  const charts = path.join(args.dir, 'charts');
  writeFolderAtomically(charts, files, 'index.json');
  const html = path.join(args.dir, 'briefing.html');
  writeFileAtomically(path.join(args.dir, 'briefing.md'), briefingMarkdown(briefing));
  writeFileAtomically(html, briefingHtml(briefing));
  print(`Wrote ${briefing.charts.length} charts (vega-lite spec, SVG and PNG each) to ${charts}/: ${briefing.charts.map((c) => c.name).join(', ')}`);
  print(`Wrote ${path.join(args.dir, 'briefing.md')} (Markdown with the PNG charts)`);
  print(`Briefing: ${html} (open ${pathToFileURL(path.resolve(html)).href})`);
  return html;
}
