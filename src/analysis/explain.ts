import type { PreparedScenario } from '../runs/prepare.js';
import { formulaDependents } from '../parameters/resolveParameters.js';
import { toCsv } from '../results/csv.js';
import { escapeMarkdownCell } from '../report/briefingMarkdown.js';
import { describeDistribution } from './uncertainty.js';

export interface ExplainedParameter {
  parameter: string;
  value: string;
  unit: string;
  formula: string;
  /** Money: the price year of `value`; `converted_value` is in the scenario's price year. */
  price_year: string;
  converted_value: string;
  distribution: string;
  source: string;
  source_url: string;
  set_in: string;
  levers: string;
  read_by: string;
}

function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const t = v as { breaks: number[]; weights: number[] };
  return `table: breaks [${t.breaks.join(', ')}], weights [${t.weights.join(', ')}]`;
}

/** For each parameter a lever changes through formulas (not directly), "lever (through parameter -> ...)". */
function reachedThroughFormulas(p: PreparedScenario): Map<string, string[]> {
  const dependents = formulaDependents(p.scenario);
  const out = new Map<string, string[]>();
  for (const l of p.scenario.levers) {
    const seen = new Set([l.entry.parameter]);
    const queue: [string, string[]][] = [[l.entry.parameter, [l.entry.parameter]]];
    while (queue.length) {
      const [name, path] = queue.shift()!;
      for (const next of dependents.get(name) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        out.set(next, [...(out.get(next) ?? []), `${l.entry.name} (through ${path.join(' -> ')})`]);
        queue.push([next, [...path, next]]);
      }
    }
  }
  return out;
}

/** Every resolved parameter of a scenario with where it comes from and which levers change it. */
export function explainScenario(p: PreparedScenario): ExplainedParameter[] {
  const reached = reachedThroughFormulas(p);
  return [...p.parameters.values()].map((r) => {
    const e = r.declared.entry;
    const { line } = r.declared.origin.locate(['parameters', r.name]);
    const inPrices = r.stated ? ` (${r.stated.convertedTo} prices)` : '';
    const levers = p.levers
      .filter((l) => l.lever.entry.parameter === r.name)
      .map((l) => {
        const at = l.lever.origin.locate(['policy', l.lever.index]).line;
        return `${l.lever.entry.name} (${l.lever.origin.file}:${at}): ${show(l.oldValue)} -> ${show(l.newValue)}${inPrices} from ${l.lever.entry.from}${l.lever.entry.rampYears ? ` over ${l.lever.entry.rampYears} years` : ''}`;
      });
    return {
      parameter: r.name,
      value: show(r.stated ? r.stated.value : r.value),
      unit: e.statedAs ? `${r.unit} (written as ${show(e.statedAs.value)} ${e.statedAs.unit})` : r.unit,
      formula: r.formula ?? '',
      price_year: r.stated?.priceYear ?? '',
      converted_value: r.stated ? show(r.value) : '',
      distribution: e.policy ? "policy's dose (not sampled)" : e.distribution ? describeDistribution(e.distribution) : '',
      source: [e.source.title, e.source.table, String(e.source.year), e.source.note].filter(Boolean).join('; '),
      source_url: e.source.url ?? '',
      set_in: `${r.declared.origin.file}:${line}`,
      levers: [...levers, ...(reached.get(r.name) ?? [])].join('; '),
      read_by: p.readersOf(r.name).join('; '),
    };
  });
}

const COLUMNS: (keyof ExplainedParameter)[] = ['parameter', 'value', 'unit', 'formula', 'price_year', 'converted_value', 'distribution', 'source', 'source_url', 'set_in', 'levers', 'read_by'];

export function explainCsv(rows: ExplainedParameter[]): string {
  return toCsv(COLUMNS, rows.map((r) => COLUMNS.map((c) => r[c])));
}

/** Markdown: a summary line, then one table row per parameter. */
export function explainMarkdown(p: PreparedScenario, rows: ExplainedParameter[]): string {
  const cell = escapeMarkdownCell;
  const prices = p.scenario.prices;
  const entries = [...p.parameters.values()].map((r) => r.declared.entry);
  const doses = entries.filter((e) => e.policy).length;
  const head = ['Parameter', 'Value', 'Unit', 'Price year', ...(prices ? [`In ${prices.priceYear} prices`] : []), 'Uncertainty', 'Source', 'Set in', 'Levers'];
  const lines = [
    `# ${escapeMarkdownCell(p.scenario.title ?? p.scenario.name)}`,
    '',
    `Scenario \`${p.scenario.name}\` (${p.scenario.files.map((f) => f.file).join(' extends ')}), model ${p.scenario.modelFile}: ${rows.length} parameters, ${entries.filter((e) => e.distribution).length} with an uncertainty distribution, ${p.levers.length} lever${p.levers.length === 1 ? '' : 's'}${doses ? `, ${doses} policy dose${doses === 1 ? '' : 's'} (chosen, never sampled)` : ''}.${prices ? ` Money is shown as stated, in its price year, and converted to ${prices.priceYear} prices with ${prices.index.title} (${prices.index.file}); formulas and levers compute in ${prices.priceYear} prices.` : ''}`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) =>
      `| ${[`\`${r.parameter}\``, r.formula ? `${r.value} = ${r.formula}` : r.value, r.unit, r.price_year, ...(prices ? [r.converted_value] : []), r.distribution, r.source_url ? `${r.source} (${r.source_url})` : r.source, r.set_in, r.levers].map(cell).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}
