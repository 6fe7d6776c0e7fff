import { analysisHeadline, type OutcomeInfo } from '../results/outcomes.js';
import { runTornado } from '../analysis/tornado.js';
import { writeTornadoFolder } from '../analysis/tornadoFolder.js';
import { uncertainParameters, type UncertainParameter } from '../analysis/uncertainty.js';
import type { AnalysisSettings } from '../outputs/analysisFolder.js';
import { prepareScenario } from '../runs/prepare.js';
import { argumentError } from '../scenario/inputError.js';
import { money } from '../report/format.js';
import { parseAnalysisSettings } from './analysisOptions.js';
import type { SensitivityArgs } from './sensitivityArgs.js';

export type { SensitivityArgs } from './sensitivityArgs.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';
import { psaCommand } from './psaCommand.js';


/** Money in the one money format, a whole number otherwise. */
const inBillions = (o: OutcomeInfo, v: number) => (o.unit === 'GBP' ? money(v) : Math.round(v).toLocaleString('en-GB'));

/** The parameters to vary: every uncertain one the comparison reads, or the --params subset. */
function chooseParameters(args: SensitivityArgs): UncertainParameter[] {
  const all = uncertainParameters([args.baseline, ...args.scenarios].map((f) => prepareScenario(f)));
  if (!args.params) {
    if (all.length === 0) throw argumentError('no parameter of these scenarios has an uncertainty distribution');
    return all;
  }
  return args.params.split(',').map((name) => {
    const p = all.find((q) => q.name === name.trim());
    if (p) return p;
    const dose = [args.baseline, ...args.scenarios].some((f) => prepareScenario(f).parameters.get(name.trim())?.declared.entry.policy);
    if (dose) throw argumentError(`--params: '${name.trim()}' is a policy's dose (policy: true), chosen rather than uncertain, so the tornado and PSA do not vary it: vary it with ehsim sweep --param ${name.trim()}`);
    throw argumentError(`--params: '${name.trim()}' is not an uncertain parameter these scenarios read (they are: ${all.map((q) => q.name).join(', ')})`);
  });
}

/** `ehsim sensitivity <baseline> <scenario> (--tornado | --psa N)`. */
export async function sensitivityCommand(args: SensitivityArgs, argv: string[], print: (s: string) => void): Promise<string> {
  if (!!args.tornado === (args.psa !== undefined)) throw argumentError('give either --tornado or --psa N');
  if (args.tornado && args.scenarios.length !== 1) throw argumentError('--tornado takes one policy scenario (a joint analysis of several is --psa N)');
  if (args.groups !== undefined && args.psa === undefined) throw argumentError('--groups needs --psa N');
  args = { ...args, scenario: args.scenarios[0]! };
  const started = new Date();
  const settings = parseAnalysisSettings({ ...args, replicates: args.replicates ?? (args.tornado ? '2' : '1') });
  const params = chooseParameters(args);
  return args.tornado ? tornado(args, argv, settings, params, started, print) : psaCommand(args, argv, settings, params, started, print);
}

async function tornado(args: SensitivityArgs, argv: string[], settings: AnalysisSettings, params: UncertainParameter[], started: Date, print: (s: string) => void) {
  const bar = progressBar((1 + 2 * params.length) * 2 * settings.replicates, 'tornado');
  let t;
  try {
    t = await runTornado(args.baseline, args.scenario!, params, { ...settings, onInterrupt, onProgress: () => bar.tick() });
  } finally {
    bar.stop();
  }
  const headline = analysisHeadline(prepareScenario(args.baseline).declared.outcomes);
  const at = (s: Record<string, { mean: number }>, o: OutcomeInfo) => s[o.name]!.mean;
  for (const o of headline) {
    print(`\n${o.label}: ${inBillions(o, at(t.central, o))} with every parameter central; at each parameter's 5th / 95th percentile:`);
    const sorted = [...t.rows].sort((a, b) => Math.abs(at(b.atHigh, o) - at(b.atLow, o)) - Math.abs(at(a.atHigh, o) - at(a.atLow, o)));
    for (const r of sorted) print(`  ${r.parameter.padEnd(40)} ${inBillions(o, at(r.atLow, o)).padStart(12)} ${inBillions(o, at(r.atHigh, o)).padStart(12)}`);
  }
  const written = await writeTornadoFolder(args.out, argv, { baseline: args.baseline, scenario: args.scenario! }, t, headline, settings, started);
  print(written.message);
  return written.dir;
}

