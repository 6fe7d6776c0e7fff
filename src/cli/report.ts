import { reportLines, writeReport } from '../report/writeReport.js';

/**
 * `ehsim report <dir>`: for a run or comparison folder, the charts (vega-lite spec, SVG and PNG
 * in <dir>/charts/) and the briefing (<dir>/briefing.html, self-contained, and <dir>/briefing.md).
 * Returns the path of briefing.html.
 */
export async function reportCommand(args: { dir: string }, print: (s: string) => void): Promise<string> {
  const written = await writeReport(args.dir);
  reportLines(written).forEach((line) => print(line));
  return written.html;
}
