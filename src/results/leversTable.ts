import type { LeverPlan } from '../parameters/levers.js';
import type { PreparedScenario } from '../runs/prepare.js';
import { isCounted } from '../runs/prepareAreas.js';
import { toCsv } from './csv.js';

/** Children entering some states after a day, summed over replicates: what shows a lever was read. */
export type EntriesAfter = (area: number | null, states: ReadonlySet<number>, fromDay: number) => number;

/** Entries from one list of epochs (start days) and the sum over replicates of entries into each state in each epoch. */
export function entriesAfterIn(starts: readonly number[], entries: ArrayLike<number>, nStates: number, states: ReadonlySet<number>, fromDay: number): number {
  let after = 0;
  starts.forEach((start, k) => {
    if (k > 0 && start >= fromDay) for (const s of states) after += entries[k * nStates + s]!;
  });
  return after;
}

/**
 * levers.csv: every parameter each scenario changed, from when, old and new values, and
 * evidence it was read (`entries_after`: the sum over replicates of entries into the states that
 * read it once it is in force). With areas, one row per lever and area (`area`): a lever that
 * changes nothing in an area (a floor it already meets) shows its old value as the new.
 */
export function leversCsv(ran: { prepared: PreparedScenario; entriesAfter: EntriesAfter }[]): string {
  const rows: (string | number)[][] = [];
  for (const { prepared: p, entriesAfter } of ran) {
    const plans: [LeverPlan, number | null][] = p.areas ? p.areas.areas.flatMap((a, k) => a.levers.map((plan): [LeverPlan, number] => [plan, k])) : p.levers.map((plan) => [plan, null]);
    for (const [plan, area] of plans) {
      const l = plan.lever;
      const { line } = l.origin.locate(['policy', l.index]);
      const readers = p.readersOf(l.entry.parameter);
      const states = new Set<number>();
      for (const r of readers) {
        const parts = r.split('.');
        if (parts[0] === 'states') states.add(p.model.stateIndex.get(parts[1]!)!);
        else if (parts[0] === 'arrivals') states.add(p.model.arrivals[Number(parts[1])]!.to);
      }
      const annual = readers.some((r) => r.startsWith('annualCosts.'));
      // An area simulates its share of a national model: an amount counted over the country is shown as the area's own.
      const own = area !== null && isCounted(p.parameters.get(l.entry.parameter)?.unit ?? '') ? p.areas!.areas[area]!.share : 1;
      rows.push([
        p.scenario.name,
        l.entry.name,
        l.entry.parameter,
        l.entry.from,
        l.entry.rampYears ?? 0,
        plan.oldValue * own,
        plan.newValue * own,
        `${l.origin.file}:${line}`,
        readers.join(';'),
        states.size ? entriesAfter(area, states, plan.fromDay) : annual ? 'charged yearly' : '',
        plan.area ?? '',
        plan.changed ? 'yes' : 'no',
      ]);
    }
  }
  return toCsv(['scenario', 'lever', 'parameter', 'from', 'ramp_years', 'old_value', 'new_value', 'declared_at', 'read_by', 'entries_after', 'area', 'changed'], rows);
}
