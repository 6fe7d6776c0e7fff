import path from 'node:path';
import { defaultOutputDir, wroteFolder, type FileContent } from '../outputs/folder.js';
import type { RunRecord } from '../outputs/manifest.js';
import { writeRunFolder } from '../outputs/runFolder.js';
import { restoreValues, storeReplicate, type StoredReplicate } from '../outputs/shardFolder.js';
import { backtestErrorsChart, backtestLevelsChart } from '../report/backtestChart.js';
import { chartFiles } from '../report/render.js';
import { backtestTable } from '../report/backtestTable.js';
import { backtest, BACKTEST_HEADER, backtestCsvRows } from '../results/backtest.js';
import { toCsv } from '../results/csv.js';
import { defaultWorkers } from '../runs/pool.js';
import { prepareScenario } from '../runs/prepare.js';
import { runScenarios } from '../runs/runScenarios.js';
import { argumentError, InputError } from '../scenario/inputError.js';
import { readSeriesFile } from '../scenario/loadSeries.js';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { VERSION } from '../version.js';
import { onInterrupt } from './interrupt.js';
import { parseReplicates, parseScale, parseSeed, parseWorkers } from './options.js';
import { progressBar } from './progress.js';

const ROOT = PACKAGE_ROOT;
/** The shipped back-test: England fitted to 2019-20, against the published series to 2024-25. */
export const DEFAULT_BACKTEST = path.relative(process.cwd(), path.join(ROOT, 'scenarios/england/backtest-2019-20.yaml')) || '.';
const DEFAULT_SERIES = 'published-series.yaml';

export interface BacktestArgs {
  scenario?: string;
  published?: string;
  origin?: string;
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  workers?: unknown;
  out?: string;
}

/**
 * `ehsim backtest`: runs a scenario fitted at an origin year (data up to it only), and compares its
 * projection for every later published year with the published value and two naive forecasts.
 * Writes a run folder plus backtest.csv, backtest.json and charts/backtest*.
 */
export async function backtestCommand(args: BacktestArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const file = args.scenario ?? DEFAULT_BACKTEST;
  const record: RunRecord = { argv, seed: parseSeed(args.seed), replicates: parseReplicates(args.replicates), scale: parseScale(args.scale), traceChildren: 0, started: new Date() };
  const workers = parseWorkers(args.workers, defaultWorkers());
  const prepared = prepareScenario(file);
  const labels = prepared.grid.labels;
  const origin = args.origin ?? labels[0]!;
  if (!/^\d{4}-\d{2}$/.test(origin) || !labels.includes(origin)) throw argumentError(`--origin must be a reported year of ${file} (${labels[0]} to ${labels.at(-1)}), got '${origin}'`);
  const seriesFile = args.published ?? path.join(path.dirname(file), DEFAULT_SERIES);
  const series = readSeriesFile(seriesFile);

  const stored: StoredReplicate[] = [];
  const bar = progressBar(record.replicates, prepared.scenario.name);
  try {
    await runScenarios([{ file, prepared }], { ...record, replicates: Array.from({ length: record.replicates }, (_, r) => r), workers, onInterrupt }, (k, r, out) => {
      stored.push(storeReplicate(k, r, out));
      bar.tick();
    });
  } finally {
    bar.stop();
  }
  const byReplicate = [...stored].sort((a, b) => a.replicate - b.replicate);
  const results = { scenario: prepared.scenario.name, years: labels, metrics: prepared.metrics, byReplicate: byReplicate.map(restoreValues) };
  const compared = backtest(results, series.series, origin);
  if (typeof compared === 'string') throw new InputError(seriesFile, compared);
  const meta = { version: VERSION, seed: record.seed, replicates: record.replicates, scale: record.scale };
  const extra = new Map<string, FileContent>([
    ['backtest.csv', toCsv(BACKTEST_HEADER, backtestCsvRows(compared.rows))],
    ['backtest.json', JSON.stringify({ origin, scenario: prepared.scenario.name, published: { file: seriesFile, name: series.name, version: series.version, source: series.source }, errors: 'mean absolute percentage error over the years after the origin', scores: compared.scores }, null, 2) + '\n'],
  ]);
  const charts = [
    { name: 'backtest', spec: backtestLevelsChart(compared.rows, series.series, origin, meta) },
    { name: 'backtest-errors', spec: backtestErrorsChart(compared.rows, origin, meta) },
  ];
  for (const [name, content] of await chartFiles(charts)) extra.set(`charts/${name}`, content);
  const out = args.out ?? defaultOutputDir(`backtest-${prepared.scenario.name}`, record.started);
  const { files } = writeRunFolder(out, prepared, byReplicate, record, extra);
  print(backtestTable(compared.rows, compared.scores, origin, { scenario: prepared.scenario.name, replicates: record.replicates, scale: record.scale }));
  print(`\n${wroteFolder(out, files)}\n`);
  return out;
}
