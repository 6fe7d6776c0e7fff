import path from 'node:path';
import type { ReplicateSettings } from '../simulation/replicate.js';
import { simulateForks, simulateReplicate, type ModelEpoch, type ReplicateOutput, type WarmStart } from '../simulation/simulateReplicate.js';
import { warmStart, type WarmCache } from './warmCache.js';
import type { PreparedScenario } from './prepare.js';
import { sumRows } from '../simulation/yearAccounts.js';
import { sumDiagnostics } from '../simulation/diagnosticsLayout.js';

/** With areas, a traced child's id is its area's position x this plus its id in the area. */
export const AREA_CHILD_IDS = 100_000_000;

/**
 * The day from which `other` can be simulated as a fork of `base` (simulateForks),
 * or null when it cannot: both must use the same model file, calendar, population and parameters,
 * and the same levers until the first lever one of them has and the other has not (which must
 * start inside the run after the warm-up starts): a baseline's current policy, inherited by a
 * scenario, is shared. Before that day the two runs are then the same, draw for draw.
 */
export function forkDay(base: PreparedScenario, other: PreparedScenario): number | null {
  if (path.resolve(base.scenario.modelFile) !== path.resolve(other.scenario.modelFile)) return null;
  if (base.grid.warmupStart !== other.grid.warmupStart || base.grid.bounds.join() !== other.grid.bounds.join()) return null;
  if (base.parameters.size !== other.parameters.size) return null;
  for (const [name, p] of base.parameters) {
    const q = other.parameters.get(name);
    if (!q || JSON.stringify(q.value) !== JSON.stringify(p.value)) return null;
  }
  if (JSON.stringify(base.population?.years ?? null) !== JSON.stringify(other.population?.years ?? null)) return null;
  if ((base.areas?.file.file ?? null) !== (other.areas?.file.file ?? null)) return null;
  if (base.areas?.areas.some((a) => a.control !== null)) return null;
  const day = Math.min(...ownLeverDays(base, other), ...ownLeverDays(other, base));
  if (!(day > base.grid.warmupStart && day < base.grid.bounds.at(-1)!)) return null;
  return day;
}

/** The start days of `a`'s levers that `b` does not have (the same lever is the same entry, in the same position). */
function ownLeverDays(a: PreparedScenario, b: PreparedScenario): number[] {
  const key = (p: PreparedScenario, i: number) => JSON.stringify(p.scenario.levers[i]?.entry ?? null);
  let shared = 0;
  while (shared < a.levers.length && shared < b.levers.length && key(a, shared) === key(b, shared)) shared++;
  return a.levers.slice(shared).map((l) => l.fromDay);
}

/**
 * One replicate of a base scenario and of others: each that can fork from the base does (the
 * years before its first lever are simulated once, for all of them), the rest run apart.
 * Outputs in order, the base's first; each is exactly that of running its scenario alone.
 * With `areas` (indices into the areas file), only those areas are simulated: each output is then
 * a piece holding their outputs (areaPiece), which combineAreas makes whole once every area is in.
 */
export function simulateWithForks(base: PreparedScenario, others: PreparedScenario[], common: ReplicateSettings, cache: WarmCache | null = null, areas?: readonly number[]): ReplicateOutput[] {
  const days = others.map((o) => (common.traceChildren || common.diagnostics ? null : forkDay(base, o)));
  if (base.areas) return simulateAreas(base, others, days, common, cache, areas);
  if (areas) throw new Error(`${base.scenario.name} has no areas to simulate some of`);
  const forks = others.flatMap((o, i) => (days[i] === null ? [] : [{ day: days[i]!, epochs: o.epochs }]));
  const warm = warmFor(cache, common, base.epochs, forks, null);
  const joint = forks.length > 0 || warm ? simulateForks({ ...common, epochs: base.epochs }, forks, warm) : [simulateReplicate({ ...common, epochs: base.epochs })];
  let next = 1;
  return [joint[0]!, ...others.map((o, i) => (days[i] === null ? simulateReplicate({ ...common, epochs: o.epochs }) : joint[next++]!))];
}

/**
 * The warm start of a run and its forks, or null when there is none to use: on the first fork's
 * day, or with no fork on the first reported year's start (the base date). A traced or diagnosed
 * run, or one whose levers follow its own metrics, always simulates from the warm-up.
 */
function warmFor(cache: WarmCache | null, common: ReplicateSettings, epochs: ModelEpoch[], forks: { day: number }[], control: unknown): WarmStart | null {
  if (!cache || common.traceChildren || common.diagnostics || control) return null;
  const day = forks.length > 0 ? Math.min(...forks.map((f) => f.day)) : common.grid.bounds[0]!;
  if (!(day > common.grid.warmupStart)) return null;
  return warmStart(cache, common, epochs, day);
}

/**
 * With areas, each area is its own run of its share of the national model (scale x share, counted
 * at scale, so its counts are its own) on streams of its own; the national values are the areas'
 * sums. Forks are made area by area, on the same day.
 */
function simulateAreas(base: PreparedScenario, others: PreparedScenario[], days: (number | null)[], common: ReplicateSettings, cache: WarmCache | null, only?: readonly number[]): ReplicateOutput[] {
  const all = [base, ...others];
  const traced = shareOut(common.traceChildren ?? 0, base.areas!.areas.map((a) => a.share));
  const chosen = only ?? base.areas!.areas.map((_, k) => k);
  const perArea = chosen.map((k) => {
    const area = base.areas!.areas[k];
    if (!area) throw new Error(`${base.scenario.name} has no area ${k}`);
    const areaOf = (p: PreparedScenario) => {
      const a = p.areas?.areas[k];
      if (!a || a.code !== area.code) throw new Error(`${p.scenario.name} does not have the areas of ${base.scenario.name}`);
      return a;
    };
    const settings: ReplicateSettings = {
      ...common,
      scale: common.scale * area.share,
      countScale: common.scale,
      streamSalt: `area:${area.code}${common.streamSalt ? `|${common.streamSalt}` : ''}`,
      ...(common.traceChildren ? { traceChildren: traced[k]! } : {}),
    };
    const forks = others.flatMap((o, i) => (days[i] === null ? [] : [{ day: days[i]!, epochs: areaOf(o).epochs, control: areaOf(o).control?.() ?? null }]));
    const own = (p: PreparedScenario) => simulateReplicate({ ...settings, epochs: areaOf(p).epochs, control: areaOf(p).control?.() ?? null });
    const warm = warmFor(cache, settings, area.epochs, forks, area.control);
    const joint = forks.length > 0 || warm ? simulateForks({ ...settings, epochs: area.epochs }, forks, warm) : [own(base)];
    let next = 1;
    return [joint[0]!, ...others.map((o, i) => (days[i] === null ? own(o) : joint[next++]!))];
  });
  return all.map((p, j) => (only ? areaPiece(perArea.map((outs) => outs[j]!)) : combineAreas(p, perArea.map((outs) => outs[j]!))));
}

/** Some areas' outputs of one scenario, to be combined with the rest (combineAreas): only `areas` and the event counts are filled in. */
function areaPiece(areas: ReplicateOutput[]): ReplicateOutput {
  return { values: [], events: areas.reduce((n, a) => n + a.events, 0), pending: areas.reduce((n, a) => n + a.pending, 0), trace: [], diagnostics: null, entriesByEpoch: new Float64Array(0), epochStarts: [], areas };
}

/** `n` shared between areas in proportion to `shares`, whole numbers adding up to `n` (largest remainders). */
export function shareOut(n: number, shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (n * s) / total);
  const whole = exact.map(Math.floor);
  const order = exact.map((x, k) => [x - whole[k]!, k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const left = n - whole.reduce((a, b) => a + b, 0);
  for (let i = 0; i < left; i++) whole[order[i]![1]]!++;
  return whole;
}

/** A scenario's national output from its areas' outputs (every area, in the areas file's order). */
export function combineAreas(p: PreparedScenario, areas: ReplicateOutput[]): ReplicateOutput {
  const years = areas[0]!.values.length;
  const values = Array.from({ length: years }, (_, y) => sumRows(p.model, areas.map((a) => a.values[y]!)));
  const trace = areas.flatMap((a, k) => a.trace.map((t) => ({ ...t, child: k * AREA_CHILD_IDS + t.child })));
  const diagnostics = areas[0]!.diagnostics ? sumDiagnostics(p.model, areas.map((a) => a.diagnostics!)) : null;
  return { values, events: areas.reduce((n, a) => n + a.events, 0), pending: areas.reduce((n, a) => n + a.pending, 0), trace, diagnostics, entriesByEpoch: new Float64Array(p.model.states.length), epochStarts: [-Infinity], areas };
}

/**
 * Groups the scenarios of a comparison run with common random numbers into tasks (indices, in
 * order): the baseline with every scenario that can fork from it at its first lever, and each
 * scenario that cannot (its parameters differ before any lever) on its own.
 */
export function forkGroups(scenarios: PreparedScenario[]): number[][] {
  const [base, ...others] = scenarios;
  if (!base) return [];
  const forking = others.flatMap((p, i) => (forkDay(base, p) !== null ? [i + 1] : []));
  const apart = others.flatMap((p, i) => (forkDay(base, p) === null ? [[i + 1]] : []));
  return [[0, ...forking], ...apart];
}
