import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRunFolder } from '../outputs/readFolder.js';
import { writeFileAtomically, writeFolderAtomically } from '../outputs/folder.js';
import { MARKER, recordFiles } from '../outputs/ownership.js';
import { buildBriefing } from './briefing.js';
import { briefingHtml } from './briefingHtml.js';
import { briefingMarkdown } from './briefingMarkdown.js';
import { chartFiles } from './render.js';

/**
 * For a run or comparison folder: the charts (vega-lite spec, SVG and PNG in <dir>/charts/,
 * with index.json) and the briefing (<dir>/briefing.html, self-contained, and <dir>/briefing.md).
 */
export async function writeReport(dir: string): Promise<{ charts: string[]; chartDir: string; markdown: string; html: string }> {
  const briefing = buildBriefing(readRunFolder(dir));
  const files = await chartFiles(briefing.charts);
  files.set('index.json', JSON.stringify({ charts: briefing.charts.map((c) => ({ name: c.name, title: c.title })) }, null, 2) + '\n');
  const chartDir = path.join(dir, 'charts');
  writeFolderAtomically(chartDir, files);
  const markdown = path.join(dir, 'briefing.md');
  const html = path.join(dir, 'briefing.html');
  writeFileAtomically(markdown, briefingMarkdown(briefing));
  writeFileAtomically(html, briefingHtml(briefing));
  // A folder ehsim already published lists what it holds: these are ehsim's too.
  recordFiles(dir, ['briefing.md', 'briefing.html', ...[...files.keys(), MARKER].map((f) => `charts/${f}`)]);
  return { charts: briefing.charts.map((c) => c.name), chartDir, markdown, html };
}

/** What writeReport wrote into a staged folder, at the place the folder was then published. */
export function publishedAt(w: Awaited<ReturnType<typeof writeReport>>, dir: string): Awaited<ReturnType<typeof writeReport>> {
  return { ...w, chartDir: path.join(dir, 'charts'), markdown: path.join(dir, 'briefing.md'), html: path.join(dir, 'briefing.html') };
}

/** What writeReport wrote, in words, one line each. */
export function reportLines(w: Awaited<ReturnType<typeof writeReport>>): string[] {
  return [
    `Wrote ${w.charts.length} charts (vega-lite spec, SVG and PNG each) to ${w.chartDir}/: ${w.charts.join(', ')}`,
    `Wrote ${w.markdown} (Markdown with the PNG charts)`,
    `Briefing: ${w.html} (open ${pathToFileURL(path.resolve(w.html)).href})`,
  ];
}
