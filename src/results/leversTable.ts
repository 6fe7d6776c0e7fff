import type { PreparedScenario } from '../runs/prepare.js';
import { toCsv } from './csv.js';

/**
 * levers.csv: every parameter each scenario changed, from when, old and new values, and
 * evidence it was read (`entries`: the sum over replicates of entries into each state in each epoch).
 */
export function leversCsv(ran: { prepared: PreparedScenario; entries: Float64Array }[]): string {
  const rows: (string | number)[][] = [];
  for (const { prepared: p, entries } of ran) {
    const nStates = p.model.states.length;
    for (const plan of p.levers) {
      const l = plan.lever;
      const { line } = l.origin.locate(['policy', l.index]);
      const readers = p.readersOf(l.entry.parameter);
      const states = new Set<number>();
      for (const r of readers) {
        const parts = r.split('.');
        if (parts[0] === 'states') states.add(p.model.stateIndex.get(parts[1]!)!);
        else if (parts[0] === 'arrivals') states.add(p.model.arrivals[Number(parts[1])]!.to);
      }
      let after = 0;
      p.epochs.forEach((e, k) => {
        if (k > 0 && e.start >= plan.fromDay) for (const s of states) after += entries[k * nStates + s]!;
      });
      const annual = readers.some((r) => r.startsWith('annualCosts.'));
      rows.push([
        p.scenario.name,
        l.entry.name,
        l.entry.parameter,
        l.entry.from,
        l.entry.rampYears ?? 0,
        plan.oldValue,
        plan.newValue,
        `${l.origin.file}:${line}`,
        readers.join(';'),
        states.size ? after : annual ? 'charged yearly' : '',
      ]);
    }
  }
  return toCsv(['scenario', 'lever', 'parameter', 'from', 'ramp_years', 'old_value', 'new_value', 'declared_at', 'read_by', 'entries_after'], rows);
}
