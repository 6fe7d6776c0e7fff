import { explainCsv, explainMarkdown, explainScenario } from '../analysis/explain.js';
import { prepareScenario } from '../runs/prepare.js';

/** `ehsim explain <scenario> [--csv]`: every resolved parameter, to stdout. */
export function explainCommand(args: { scenario: string; csv?: boolean }, print: (s: string) => void): void {
  const prepared = prepareScenario(args.scenario);
  const rows = explainScenario(prepared);
  print(args.csv ? explainCsv(rows).trimEnd() : explainMarkdown(prepared, rows));
}
