import yargs, { type Argv } from 'yargs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkWritable, writeFailure } from '../outputs/writable.js';
import { prestartFor } from './prestart.js';
import { defaultWarmCache, useWarmCache } from '../runs/warmCache.js';
import { InputError } from '../scenario/inputError.js';
import { endInputSnapshot, resetInputSnapshot } from '../scenario/sourceFile.js';
import { VERSION } from '../version.js';
// Each command's module is imported when the command runs: `ehsim validate` or `--help` need not load
// the charts' libraries (vega and vega-lite: about a third of a second of every start).
import { analysisOptions } from './analysisOptions.js';
import { appraisalOption, checkNoRepeats, replicateOptions } from './options.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** What the command definitions need: the arguments, where to print and report errors, and where to record the action. */
interface Context {
  argv: string[];
  print: (s: string) => void;
  fail: (e: unknown) => void;
  set: (action: () => unknown) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** Runs the command line and returns the exit code: 0 success, 2 bad input or usage, 1 internal error. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  // Each command reads its input files afresh, once (see sourceFile.ts).
  resetInputSnapshot();
  // Handlers only record the action; it runs after yargs has finished checking the whole command line.
  let action: (() => unknown) | null = null;
  const fail = (e: unknown) => {
    if (e instanceof InputError) {
      io.err(`ehsim: ${e.message}`);
      code = 2;
    } else {
      io.err(`ehsim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      code = 1;
    }
  };
  const cli = yargs(joinNegativeValues(argv))
    .scriptName('ehsim')
    .version(VERSION)
    .usage('$0 <command> [options]\n\nSimulate children\'s social care in England under early-help policy scenarios.')
    .option('cache', { type: 'boolean', default: true, global: true, describe: 'keep and reuse the simulated state where the scenarios first differ (warm starts; results are the same to the byte); --no-cache simulates every replicate from the warm-up' });
  const ctx: Context = { argv, print: io.out, fail, set: (a) => (action = a) };
  [simulationCommands, analysisCommands, fileCommands]
    .reduce((y, add) => add(y, ctx), cli as unknown as Argv)
    .demandCommand(1, 'Name a command: run, compare, merge, report, explain, sensitivity, sweep, calibrate, backtest, validate or diagram (see --help).')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .wrap(100)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      io.err(`ehsim: ${msg}\nRun 'ehsim --help' for usage.`);
      code = 2;
    });
  try {
    const args = await cli.parseAsync();
    const act = action as (() => unknown) | null;
    if (code === 0 && act) {
      checkNoRepeats(args);
      checkOutput(args);
      prestartFor(args);
      useWarmCache(args.cache === false ? null : defaultWarmCache());
      await act();
    }
  } catch (e) {
    fail(writeFailure(e) ?? e);
  } finally {
    endInputSnapshot();
    useWarmCache(null);
  }
  return code;
}

/**
 * `--values -1e9,0` as `--values=-1e9,0`: the parser would read a value starting with '-' as
 * options (-1, -e, -9). A word that starts with '-' and a digit is never an option.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (/^--[a-z][\w-]*$/.test(a) && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Commands that write a folder: its --out (default under output/), checked before any simulation. */
const WRITERS = new Set(['run', 'compare', 'merge', 'sensitivity', 'sweep', 'calibrate', 'backtest']);

function checkOutput(args: { _: (string | number)[]; out?: unknown; dir?: unknown }): void {
  const command = String(args._[0]);
  if (WRITERS.has(command)) checkWritable(typeof args.out === 'string' ? args.out : path.join('output', 'new'));
  else if (command === 'report' && typeof args.dir === 'string' && existsSync(args.dir)) checkWritable(args.dir, false);
}

/** run, compare, merge and report. */
function simulationCommands(y: Argv, ctx: Context): Argv {
  return y
    .command(
      'run <scenario>',
      'Simulate a scenario and write a run folder (manifest.json, annual.csv, replicates.csv)',
      (y: Argv) =>
        y
          .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON)', demandOption: true })
          .option('out', { type: 'string', describe: 'output folder (default output/<scenario>-<timestamp>)' })
          .option('trace', { type: 'string', describe: 'write trace.csv with the full event history of N sampled children per replicate' })
          .option('diagnostics', { type: 'boolean', describe: "write diagnostics.csv and charts/diagnostics.* (re-referral after closure, referrals per child, cohort shares, care by age and route, the emergent early-help effect) against published figures, as the model file's diagnostics: block declares" })
          .options(replicateOptions('number of Monte Carlo replicates (>= 1)')),
      (a) => {
        ctx.set(async () => (await import('./run.js')).runCommand(a as never, ctx.argv, ctx.print));
      },
    )
    .command(
      'compare <baseline> <scenarios..>',
      'Run scenarios against a baseline with common random numbers; write comparison.csv, summary.json and levers.csv',
      (y: Argv) =>
        y
          .positional('baseline', { type: 'string', describe: 'baseline scenario file', demandOption: true })
          .positional('scenarios', { type: 'string', array: true, describe: 'scenario files to compare with it', demandOption: true })
          .option('out', { type: 'string', describe: 'output folder (default output/compare-<baseline>-<timestamp>)' })
          .option('title', { type: 'string', describe: "the comparison's own title, for its briefing (default: from the scenarios' titles)" })
          .options(replicateOptions('number of paired Monte Carlo replicates (>= 1)'))
          .option('crn', { type: 'boolean', default: true, describe: 'common random numbers across scenarios (--no-crn: independent streams, to measure what pairing buys)' })
          .option('briefing', { type: 'boolean', default: true, describe: 'also write the charts and briefing.html / briefing.md, as ehsim report does (--no-briefing: tables only)' })
          .option('psa', { type: 'string', describe: "also run a PSA of N draws of every uncertain parameter over all scenarios at once: the briefing's intervals then carry parameter and simulation uncertainty together" })
          .option('psa-scale', { type: 'string', describe: "the PSA draws' sample scale (default: --scale)" })
          .options(appraisalOption),
      (a) => {
        ctx.set(async () => (await import('./compare.js')).compareCommand(a as never, ctx.argv, ctx.print));
      },
    )
    .command(
      'merge <shards..>',
      'Combine shard folders into exactly the outputs of one run',
      (y: Argv) =>
        y
          .positional('shards', { type: 'string', array: true, describe: 'shard folders written by run or compare with --shard', demandOption: true })
          .option('out', { type: 'string', demandOption: true, describe: 'output folder' })
          .options(appraisalOption),
      (a) => {
        ctx.set(async () => (await import('./merge.js')).mergeCommand(a as never, ctx.argv, ctx.print));
      },
    )
    .command(
      'report <dir>',
      'Write the charts (vega-lite, SVG, PNG in <dir>/charts/) and the briefing (briefing.html, briefing.md) of a run or comparison folder',
      (y: Argv) => y.positional('dir', { type: 'string', describe: 'a folder written by run, compare or merge', demandOption: true }),
      (a) => {
        ctx.set(async () => (await import('./report.js')).reportCommand(a as never, ctx.print));
      },
    );
}

/** explain and the analyses: sensitivity, calibrate and sweep. */
function analysisCommands(y: Argv, ctx: Context): Argv {
  return y
    .command(
      'explain <scenario>',
      'List every resolved parameter: value, unit, source, uncertainty, price year, the file that set it and the levers that change it',
      (y: Argv) =>
        y
          .positional('scenario', { type: 'string', describe: 'scenario file', demandOption: true })
          .option('csv', { type: 'boolean', default: false, describe: 'CSV instead of Markdown' }),
      (a) => {
        ctx.set(async () => (await import('./explain.js')).explainCommand(a as never, ctx.print));
      },
    )
    .command(
      'sensitivity <baseline> <scenarios..>',
      'One-way (--tornado) or probabilistic (--psa N) sensitivity of the paired comparison to the uncertain parameters',
      (y: Argv) =>
        y
          .positional('baseline', { type: 'string', describe: 'baseline scenario file', demandOption: true })
          .positional('scenarios', { type: 'string', array: true, describe: 'policy scenario file(s): one for --tornado; one or more for --psa (several: a joint PSA with the acceptability frontier across all)', demandOption: true })
          .option('tornado', { type: 'boolean', describe: "each parameter at its distribution's 5th and 95th percentile, one at a time" })
          .option('psa', { type: 'string', describe: 'N draws of every uncertain parameter, each run as a paired comparison' })
          .option('params', { type: 'string', describe: 'only these parameters (comma-separated; default: every uncertain parameter the scenarios read)' })
          .option('wtp-max', { type: 'string', describe: 'PSA: largest willingness to pay per re-referral avoided, £ (default 300000)' })
          .option('wtp-steps', { type: 'string', describe: 'PSA: points on the acceptability curve (default 31)' })
          .option('noise-replicates', { type: 'string', describe: 'PSA: replicates at central values that measure Monte Carlo noise (default 8)' })
          .option('correlations', { type: 'string', describe: 'PSA: YAML/JSON file of correlations between parameters (Gaussian copula; default: independent)' })
          .option('groups', { type: 'string', describe: 'PSA: YAML/JSON file of parameter groups whose EVPPI to report (default: each parameter alone)' })
          .options({ ...analysisOptions('2', '0.02'), replicates: { alias: 'n', type: 'string', describe: 'paired replicates per run (default: 2 for --tornado, 1 per draw for --psa)' } })
          .options(appraisalOption),
      (a) => {
        ctx.set(async () => (await import('./sensitivity.js')).sensitivityCommand(a as never, ctx.argv, ctx.print));
      },
    )
    .command(
      'calibrate <scenario>',
      'Fit parameters to calibration targets (Nelder–Mead, common random numbers); write the fitted overlay scenario and a fit report',
      (y: Argv) =>
        y
          .positional('scenario', { type: 'string', describe: 'scenario file to fit', demandOption: true })
          .option('targets', { type: 'string', demandOption: true, describe: 'targets file (metric, year, observed, tolerance, source)' })
          .option('params', { type: 'string', demandOption: true, describe: 'parameters to fit, comma-separated' })
          .option('max-evaluations', { type: 'string', describe: 'simulation runs the search may use (default 80)' })
          .option('step', { type: 'string', describe: 'initial simplex step, as a fraction of each starting value (default 0.1)' })
          .options(analysisOptions('2', '0.02')),
      (a) => {
        ctx.set(async () => (await import('./calibrate.js')).calibrateCommand(a as never, ctx.argv, ctx.print));
      },
    )
    .command(
      'backtest [scenario]',
      'Run a scenario fitted at an origin year and compare its projection with every later published year, beside two naive forecasts (default: England from 2019-20)',
      (y: Argv) =>
        y
          .positional('scenario', { type: 'string', describe: 'scenario fitted at the origin year (default scenarios/england/backtest-2019-20.yaml)' })
          .option('published', { type: 'string', describe: 'published series file (default published-series.yaml beside the scenario)' })
          .option('origin', { type: 'string', describe: 'the last year the forecasts may use (default: the scenario\'s first reported year)' })
          .options({ ...analysisOptions('4', '0.1'), out: { type: 'string', describe: 'output folder (default output/backtest-<scenario>-<timestamp>)' } }),
      (a) => {
        ctx.set(async () => (await import('./backtest.js')).backtestCommand(a as never, ctx.argv, ctx.print));
      },
    )
    .command(
      'sweep <baseline> <scenario>',
      'Response curves: run the paired comparison across values of one parameter; optionally find the value where an outcome crosses a target',
      (y: Argv) =>
        y
          .positional('baseline', { type: 'string', describe: 'baseline scenario file', demandOption: true })
          .positional('scenarios', { type: 'string', array: true, describe: 'policy scenario file(s): one for --tornado; one or more for --psa (several: a joint PSA with the acceptability frontier across all)', demandOption: true })
          .option('param', { type: 'string', demandOption: true, describe: 'the parameter to vary (ehsim explain lists them)' })
          .option('values', { type: 'string', describe: 'values, comma-separated (a,b,c)' })
          .option('range', { type: 'string', describe: 'from:to:steps, evenly spaced, steps >= 2' })
          .option('find-threshold', { type: 'string', describe: 'OUTCOME=VALUE: the parameter value where the mean outcome equals VALUE (e.g. net_present_cost=0)' })
          .options(analysisOptions('3', '0.02'))
          .options(appraisalOption),
      (a) => {
        ctx.set(async () => (await import('./sweep.js')).sweepCommand(a as never, ctx.argv, ctx.print));
      },
    );
}

/** validate and diagram: checks and pictures of input files. */
function fileCommands(y: Argv, ctx: Context): Argv {
  return y
    .command(
      'validate <files..>',
      'Check scenario and model files and report every problem with file:line:column',
      (y: Argv) => y.positional('files', { type: 'string', array: true, describe: 'scenario or model files', demandOption: true }),
      (a) => {
        ctx.set(async () => (await import('./validate.js')).validateCommand(a as never, ctx.print, ctx.fail));
      },
    )
    .command(
      'diagram <file>',
      'Print the Mermaid state diagram of a model (or of the model a scenario uses)',
      (y: Argv) =>
        y
          .positional('file', { type: 'string', describe: 'scenario or model file', demandOption: true })
          .option('write', { type: 'string', describe: 'replace the diagram between the markers in this Markdown file instead of printing' }),
      (a) => {
        ctx.set(async () => (await import('./diagram.js')).diagramCommand(a as never, ctx.print));
      },
    );
}
