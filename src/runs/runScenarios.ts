import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import { forkGroups } from './fork.js';
import { areaGatherer, splitByArea } from './areaTasks.js';
import { runTasks, type TaskSettings } from './pool.js';
import type { PreparedScenario } from './prepare.js';
import type { ReplicateTask } from './runner.js';
import { checkScale, checkTrace } from './scaleCheck.js';

export interface RunSettings extends TaskSettings {
  seed: number;
  scale: number;
  /** The replicates to run (a shard runs some of 0..replicates-1). */
  replicates: number[];
  traceChildren?: number;
  /** Count the model's diagnostics in every replicate (run --diagnostics). */
  diagnostics?: boolean;
  /** Common random numbers across scenarios (default); false gives each scenario streams of its own, so none can fork. */
  crn?: boolean;
}

/**
 * Runs every replicate of every scenario (run: one; compare: the baseline first) and hands
 * each result back as (scenario, replicate, output), in task order whatever the number of
 * workers. With common random numbers, every scenario that agrees with the baseline before its
 * first lever is forked from the baseline's run there (see forkGroups): one task per replicate
 * runs them all, and each result is that of running its scenario alone.
 */
export async function runScenarios(
  scenarios: { file: string; prepared: PreparedScenario }[],
  settings: RunSettings,
  onReplicate: (scenario: number, replicate: number, out: ReplicateOutput) => void,
): Promise<void> {
  checkScale(scenarios.map((s) => s.prepared), settings.scale);
  for (const s of scenarios) checkTrace(s.prepared, settings.scale, settings.traceChildren ?? 0);
  const crn = settings.crn ?? true;
  const groups = crn ? forkGroups(scenarios.map((s) => s.prepared)) : scenarios.map((_, k) => [k]);
  const jobs = groups.flatMap((group) => settings.replicates.map((replicate) => ({ group, replicate })));
  const tasks = jobs.map(
    ({ group, replicate }): ReplicateTask => ({
      files: group.map((k) => scenarios[k]!.file) as ReplicateTask['files'],
      overrides: [],
      replicate,
      seed: settings.seed,
      scale: settings.scale,
      traceChildren: settings.traceChildren ?? 0,
      ...(settings.diagnostics ? { diagnostics: true } : {}),
      streamSalt: crn ? '' : scenarios[group[0]!]!.prepared.scenario.name,
    }),
  );
  const deliver = (i: number, outputs: ReplicateOutput[]) => outputs.forEach((out, j) => onReplicate(jobs[i]!.group[j]!, jobs[i]!.replicate, out));
  // On several processes, each replicate's areas are tasks of their own (areaTasks.ts); the results are the same.
  const split = settings.workers > 1 ? tasks.map((task, i) => splitByArea(task, scenarios[jobs[i]!.group[0]!]!.prepared)) : [];
  if (split.length === 0 || split.some((pieces) => pieces === null)) return runTasks(tasks, { ...settings, prepared: scenarios }, deliver);
  const pieces = split.flatMap((p, i) => p!.map(() => i));
  const gather = split.map((p, i) => areaGatherer(jobs[i]!.group.map((k) => scenarios[k]!.prepared), p!));
  await runTasks(split.flatMap((p) => p!), { ...settings, prepared: scenarios }, (t, outputs) => {
    const whole = gather[pieces[t]!]!(outputs);
    if (whole) deliver(pieces[t]!, whole);
  });
}
