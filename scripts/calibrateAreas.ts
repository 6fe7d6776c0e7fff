/**
 * Fits an areas file's CALIBRATED multipliers to its targets by fixed-point iteration:
 *
 *   npx tsx scripts/calibrateAreas.ts scenarios/england/baseline.yaml [--iterations 3] [--scale 0.1] [--replicates 2]
 *
 * Each iteration runs the scenario (`ehsim run`), reads regional.csv and, area by area, multiplies
 * each multiplier by the ratio of the published figure to the simulated one, divided by the ratio
 * of what that figure already moves with (FITS). The multipliers and the metrics they answer to are in FITS below; the
 * areas file's other values (set from published figures) are left alone. Comments in the areas
 * file are kept. Prints each target's error before and after.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, type YAMLMap } from 'yaml';
import { loadScenario } from '../src/scenario/loadScenario.js';

/**
 * Which multipliers answer to which target metric, and which target's ratio they are corrected
 * for (what the metric already moves with): children in need, child protection and care starts
 * scale with referrals.
 */
const FITS: { metric: string; parameters: string[]; relativeTo?: string }[] = [
  { metric: 'referrals_per_10k', parameters: ['newReferralsPerYear'] },
  { metric: 'cin_31_march_per_10k', parameters: ['childInNeedPlanMedianDays'], relativeTo: 'referrals_per_10k' },
  { metric: 'cp_31_march', parameters: ['pAssessmentToChildProtection', 'pChildInNeedToChildProtection'], relativeTo: 'referrals_per_10k' },
  { metric: 'cla_31_march_per_10k', parameters: ['pAssessmentToCare', 'pChildInNeedToCare', 'pChildProtectionToCare'], relativeTo: 'referrals_per_10k' },
];

/**
 * Largest multiplier a parameter may take: children assessed straight into care are capped so that
 * no assessment's probabilities exceed 1 for the child most likely to escalate (a baby of a
 * higher-need family); the rest of an area's care rate then comes through its CIN and CP routes.
 */
const CAPS = new Map([['pAssessmentToCare', 1.3]]);

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const scenarioFile = args[0];
if (!scenarioFile) throw new Error('usage: tsx scripts/calibrateAreas.ts <scenario with areas> [--iterations N] [--scale F] [--replicates N]');
const scenario = loadScenario(scenarioFile);
if (!scenario.areasFile) throw new Error(`${scenarioFile} has no areas file`);
const areasFile = scenario.areasFile;
const targetsFile = path.join(path.dirname(areasFile), 'targets-2024-25.yaml');
const targets = (parseDocument(readFileSync(targetsFile, 'utf8')).toJS() as { targets: { area: string; metric: string; year: string; observed: number }[] }).targets;

function simulated(): Map<string, number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-calibrate-areas-'));
  try {
    const out = path.join(dir, 'run');
    execFileSync(process.execPath, ['bin/ehsim.js', 'run', scenarioFile!, '--scale', String(option('scale', 0.1)), '--replicates', String(option('replicates', 2)), '--out', out], { stdio: 'ignore' });
    const lines = readFileSync(path.join(out, 'regional.csv'), 'utf8').trim().split('\n').slice(1);
    return new Map(lines.map((l) => l.split(',')).map((c) => [`${c[1]}|${c[2]}|${c[3]}`, Number(c[4])]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ratios = (sim: Map<string, number>) => new Map(targets.map((t) => [`${t.area}|${t.metric}`, t.observed / sim.get(`${t.area}|${t.year}|${t.metric}`)!]));
const report = (r: Map<string, number>) => [...r].map(([k, v]) => `${k} ${((1 / v - 1) * 100).toFixed(1)}%`).join('\n');

for (let it = 0; it < option('iterations', 3); it++) {
  const r = ratios(simulated());
  console.log(`iteration ${it + 1}: simulated vs published\n${report(r)}\n`);
  const doc = parseDocument(readFileSync(areasFile, 'utf8'));
  for (const area of (doc.get('areas') as { items: YAMLMap[] }).items) {
    const code = String(area.get('code'));
    const params = area.get('parameters') as YAMLMap;
    for (const fit of FITS) {
      const ratio = r.get(`${code}|${fit.metric}`);
      if (ratio === undefined) continue;
      const factor = ratio / (fit.relativeTo ? (r.get(`${code}|${fit.relativeTo}`) ?? 1) : 1);
      for (const p of fit.parameters) {
        // A multiplier the file does not list is left at England's value (Leeds keeps England's
        // rate of care straight from assessment: with its 47% assessed not in need, a higher one
        // would take an assessment's probabilities over 1).
        const entry = params.get(p) as YAMLMap | undefined;
        if (!entry) continue;
        const next = (entry.get('scale') as number) * factor;
        entry.set('scale', Number(Math.min(next, CAPS.get(p) ?? Infinity).toFixed(4)));
      }
    }
  }
  writeFileSync(areasFile, doc.toString({ lineWidth: 0 }));
}
console.log(`after:\n${report(ratios(simulated()))}`);
