import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { stringify } from 'yaml';
import { analysisManifest, writeAnalysisFolder, type AnalysisSettings } from '../outputs/analysisFolder.js';
import { defaultOutputDir, type FileContent } from '../outputs/folder.js';
import { chartFrame, PALETTE, type Chart } from '../report/charts.js';
import { renderCharts } from '../report/render.js';
import { toCsv } from '../results/csv.js';
import type { PreparedScenario } from '../runs/prepare.js';
import { toleranceOf, type TargetsFile } from '../scenario/loadTargets.js';
import { VERSION } from '../version.js';
import type { CalibrationResult, FitTerm } from './calibrate.js';

export interface CalibrationRun {
  scenario: string;
  targetsFile: string;
  prepared: PreparedScenario;
  targets: TargetsFile;
  names: string[];
  maxEvaluations: number;
  step: number;
  fit: CalibrationResult;
}

/** Where a calibration's folder goes (default output/calibrate-<scenario>-<timestamp>) and the fitted overlay scenario's name. */
export function calibrationFolder(out: string | undefined, prepared: PreparedScenario, started: Date) {
  return { out: out ?? defaultOutputDir(`calibrate-${prepared.scenario.name}`, started), overlayName: `${prepared.scenario.name}-calibrated` };
}

/**
 * Writes a calibration's folder: the fitted overlay scenario (<scenario>-calibrated.yaml),
 * calibration-fit.csv, calibration-trace.csv, fit-report.md, manifest.json and the fit chart.
 */
export async function writeCalibrationFolder(outArg: string | undefined, argv: string[], c: CalibrationRun, settings: AnalysisSettings, started: Date) {
  const { prepared, targets, names, fit, maxEvaluations, step } = c;
  const { out, overlayName } = calibrationFolder(outArg, prepared, started);
  const args = { scenario: c.scenario, targets: c.targetsFile };
  const overlay = {
    name: overlayName,
    title: `${prepared.scenario.title ?? prepared.scenario.name} (recalibrated: ${names.join(', ')})`,
    description: `Parameters fitted by ehsim calibrate to ${targets.file} (objective ${fit.objectiveBefore.toPrecision(4)} -> ${fit.objectiveAfter.toPrecision(4)}).`,
    extends: path.relative(path.resolve(out), path.resolve(args.scenario)).split(path.sep).join('/'),
    parameters: Object.fromEntries(
      fit.parameters.map((p) => {
        const entry = prepared.parameters.get(p.name)!.declared.entry;
        return [
          p.name,
          {
            ...entry,
            value: p.fitted, // every digit: the overlay must reproduce the fit exactly
            source: { title: `CALIBRATED by ehsim calibrate to ${targets.name} (${targets.file}); was ${p.start}; ${settings.replicates} replicates at scale ${settings.scale}, seed ${settings.seed}`, year: started.getUTCFullYear() },
          },
        ];
      }),
    ),
  };
  const fitRows = fit.before.map((b, i) => {
    const a = fit.after[i]!;
    return [b.target.metric, b.target.year, b.target.observed, toleranceOf(b.target), b.target.weight ?? 1, b.simulated, a.simulated, b.within ? 'yes' : 'no', a.within ? 'yes' : 'no', b.target.source.title];
  });
  const files = new Map<string, FileContent>([
    [`${overlayName}.yaml`, `# Written by ehsim calibrate: ${['ehsim', ...argv].join(' ')}\n${stringify(overlay, { lineWidth: 0 })}`],
    ['calibration-fit.csv', toCsv(['metric', 'year', 'observed', 'tolerance', 'weight', 'simulated_before', 'simulated_after', 'within_before', 'within_after', 'source'], fitRows)],
    ['calibration-trace.csv', toCsv(['evaluation', 'parameter', 'value', 'objective'], fit.evaluations.flatMap((e) => names.map((n, i) => [e.evaluation, n, e.values[i]!, e.objective])))],
    ['fit-report.md', report(prepared.scenario.name, targets.file, fit, settings)],
    [
      'manifest.json',
      JSON.stringify(
        analysisManifest('calibrate', argv, [args.scenario, args.targets], settings, started, {
          algorithm: 'Nelder-Mead (reflection 1, expansion 2, contraction 0.5, shrink 0.5) on the sum over targets of weight x ((simulated - observed) / tolerance)^2, with common random numbers',
          parameters: fit.parameters,
          objective_before: fit.objectiveBefore,
          objective_after: fit.objectiveAfter,
          evaluations: fit.evaluations.length,
          converged: fit.converged,
          max_evaluations: maxEvaluations,
          step,
        }),
        null,
        2,
      ) + '\n',
    ],
  ]);
  const meta = { version: VERSION, ...settings };
  return writeAnalysisFolder(out, 'calibrate', started, files, await renderCharts([fitChart(meta, prepared.scenario.name, fit.before, fit.after)]));
}

function report(name: string, targetsFile: string, fit: CalibrationResult, s: { replicates: number; scale: number; seed: number }): string {
  const pct = (t: FitTerm) => `${((100 * t.simulated) / t.target.observed).toFixed(1)}%`;
  return [
    `# Calibration of ${name}`,
    '',
    `Targets: ${targetsFile}. ${s.replicates} replicates at scale ${s.scale}, seed ${s.seed}, common random numbers.`,
    `Nelder–Mead on Σ weight × ((simulated − observed) / tolerance)²: ${fit.objectiveBefore.toPrecision(4)} before, ${fit.objectiveAfter.toPrecision(4)} after ${fit.evaluations.length} evaluations${fit.converged ? ' (converged)' : ' (not converged: the evaluation budget ran out)'}.`,
    '',
    '| Parameter | Start | Fitted |',
    '| --- | ---: | ---: |',
    ...fit.parameters.map((p) => `| \`${p.name}\` | ${p.start} | ${Number(p.fitted.toPrecision(6))} |`),
    '',
    '| Target | Year | Observed | Tolerance | Before | After | Within tolerance after |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...fit.before.map((b, i) => {
      const a = fit.after[i]!;
      return `| ${b.target.label ?? b.target.metric} | ${b.target.year} | ${b.target.observed} | ±${Number(toleranceOf(b.target).toPrecision(4))} | ${Number(b.simulated.toPrecision(5))} (${pct(b)}) | ${Number(a.simulated.toPrecision(5))} (${pct(a)}) | ${a.within ? 'yes' : '**no**'} |`;
    }),
    '',
  ].join('\n');
}

function fitChart(meta: { version: string; seed: number; replicates: number; scale: number }, name: string, before: FitTerm[], after: FitTerm[]): Chart {
  const rows = [...before.map((t) => ({ t, when: 'before' })), ...after.map((t) => ({ t, when: 'after' }))].map(({ t, when }) => ({
    target: t.target.label ?? t.target.metric,
    when,
    pct: (100 * t.simulated) / t.target.observed,
    tolLo: (100 * (t.target.observed - toleranceOf(t.target))) / t.target.observed,
    tolHi: (100 * (t.target.observed + toleranceOf(t.target))) / t.target.observed,
  }));
  const order = before.map((t) => t.target.label ?? t.target.metric);
  const y = { field: 'target', type: 'nominal', title: null, sort: order, axis: { labelLimit: 520 } };
  const x = { type: 'quantitative', title: 'Simulated as % of observed', scale: { zero: false } };
  return {
    name: 'calibration-fit',
    title: `Calibration of ${name}: before and after`,
    spec: {
      ...chartFrame(meta, `Calibration of ${name}: simulated against observed, before and after fitting`, 'Grey: tolerance around the observed value (100%); points: simulated mean before and after.'),
      width: 460,
      height: Math.max(200, 22 * before.length),
      data: { values: rows },
      encoding: { y },
      layer: [
        { transform: [{ filter: "datum.when === 'after'" }], mark: { type: 'bar', color: '#DDDDDD', height: 14 }, encoding: { x: { field: 'tolLo', ...x }, x2: { field: 'tolHi' } } },
        { mark: { type: 'rule', color: '#555555', strokeDash: [3, 3] }, encoding: { x: { datum: 100, type: 'quantitative' }, y: null } },
        {
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            x: { field: 'pct', ...x },
            color: { field: 'when', type: 'nominal', title: 'Simulated', scale: { domain: ['before', 'after'], range: [PALETTE[4], PALETTE[5]] }, legend: { orient: 'bottom' } },
            shape: { field: 'when', type: 'nominal', scale: { domain: ['before', 'after'], range: ['diamond', 'circle'] } },
          },
        },
      ],
    } as TopLevelSpec,
  };
}
