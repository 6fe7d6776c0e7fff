import type { TopLevelSpec } from 'vega-lite';
import type { PreparedScenario } from '../runs/prepare.js';
import type { FileContent } from '../outputs/folder.js';
import type { RunRecord } from '../outputs/manifest.js';
import type { StoredReplicate } from '../outputs/shardFolder.js';
import { diagnosticsCsv, diagnosticsRows, type DiagnosticRow } from '../results/diagnosticsTable.js';
import { diagnosticsLayout } from '../simulation/diagnosticsLayout.js';
import { VERSION } from '../version.js';
import { chartFrame, PALETTE } from './charts.js';
import { chartFiles } from './render.js';

/** diagnostics.csv and charts/diagnostics.{vl.json,svg,png} of a run counted with --diagnostics (empty if none was). */
export async function diagnosticsFiles(prepared: PreparedScenario, stored: StoredReplicate[], record: RunRecord): Promise<Map<string, FileContent>> {
  const d = prepared.model.diagnostics;
  const counts = [...stored].sort((a, b) => a.replicate - b.replicate).flatMap((s) => (s.diagnostics ? [Float64Array.from(s.diagnostics)] : []));
  if (!d || counts.length === 0) return new Map();
  const cx = { diagnostics: d, layout: diagnosticsLayout(d, prepared.model.states.length), stateNames: prepared.model.states.map((s) => s.name), scale: record.scale, years: prepared.grid.labels.length };
  const rows = diagnosticsRows(cx, counts);
  const files = new Map<string, FileContent>([['diagnostics.csv', diagnosticsCsv(rows)]]);
  const spec = diagnosticsChart(rows, { version: VERSION, seed: record.seed, replicates: record.replicates, scale: record.scale }, prepared.grid.labels);
  for (const [name, content] of await chartFiles([{ name: 'diagnostics', spec }])) files.set(`charts/${name}`, content);
  return files;
}

const pct = (v: number) => (Number.isFinite(v) ? 100 * v : null);

/**
 * One chart of the diagnostics: re-referral after closure by how the case closed (Kaplan-Meier,
 * with the published curve), then every share beside its published comparator, then the ratios.
 */
export function diagnosticsChart(rows: DiagnosticRow[], m: { version: string; seed: number; replicates: number; scale: number }, years: string[]): TopLevelSpec {
  const { width: _w, height: _h, ...frame } = chartFrame(m, `Model diagnostics, ${years[0]} to ${years.at(-1)}: simulated against published figures`, 'Simulated: value from all replicates, whisker 95% interval across replicates; diamonds: published comparators (see diagnostics.csv for sources).');
  const km = rows.filter((r) => r.diagnostic === 'rereferral_after_closure');
  const kmGroups = [...new Set(km.map((r) => r.group))];
  const kmValues = km.map((r) => ({ group: r.group, years: Number(r.x), value: pct(r.value), lo: pct(r.lo95), hi: pct(r.hi95), comparator: pct(r.comparator) }));
  const colour = { field: 'group', type: 'nominal', title: 'How the case closed', scale: { domain: kmGroups, range: kmGroups.map((_, i) => PALETTE[i % PALETTE.length]!) }, legend: { orient: 'right', labelLimit: 320 } };
  const label = (r: DiagnosticRow) => `${r.diagnostic.replace(/_/g, ' ')}: ${r.group}${r.x ? ` (${r.x})` : ''}`;
  const point = (r: DiagnosticRow, f: (v: number) => number | null) => ({ label: label(r), value: f(r.value), lo: f(r.lo95), hi: f(r.hi95), comparator: f(r.comparator) });
  const shares = rows.filter((r) => r.diagnostic !== 'rereferral_after_closure' && !r.group.startsWith('relative risk') && r.diagnostic !== 'referrals_per_child' && r.diagnostic !== 'care_episode_mean_days');
  const ratios = rows.filter((r) => r.group.startsWith('relative risk') || r.diagnostic === 'referrals_per_child');
  const dots = (values: object[], title: string, axis: string, reference?: number) => ({
    title,
    width: 380,
    height: { step: 16 },
    data: { values },
    encoding: { y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 900 } } },
    layer: [
      ...(reference === undefined ? [] : [{ mark: { type: 'rule', color: '#888888', strokeDash: [4, 4] }, encoding: { x: { datum: reference, type: 'quantitative' }, y: null } }]),
      { mark: { type: 'rule', color: '#0072B2' }, encoding: { x: { field: 'lo', type: 'quantitative', title: axis }, x2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true, color: '#0072B2', size: 40 }, encoding: { x: { field: 'value', type: 'quantitative', title: axis } } },
      { mark: { type: 'point', shape: 'diamond', color: '#D55E00', size: 70, filled: false, strokeWidth: 2 }, encoding: { x: { field: 'comparator', type: 'quantitative', title: axis } } },
    ],
  });
  return {
    ...frame,
    vconcat: [
      {
        title: 'Re-referred after the case closed (Kaplan-Meier)',
        width: 520,
        height: 260,
        data: { values: kmValues },
        encoding: { x: { field: 'years', type: 'quantitative', title: 'Years since closure', scale: { domain: [0, 6] } }, color: colour },
        layer: [
          { mark: { type: 'errorbar', ticks: false }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'Re-referred (%)' }, y2: { field: 'hi' } } },
          { mark: { type: 'line', point: true }, encoding: { y: { field: 'value', type: 'quantitative', title: 'Re-referred (%)' } } },
          { mark: { type: 'point', shape: 'diamond', size: 90, filled: false, strokeWidth: 2 }, encoding: { y: { field: 'comparator', type: 'quantitative' } } },
        ],
      },
      dots(shares.map((r) => point(r, pct)), 'Shares (%)', 'Per cent'),
      dots(ratios.map((r) => point(r, (v) => (Number.isFinite(v) ? v : null))), 'Ratios: referrals per child, and relative risks of early help against no service', 'Ratio', 1),
    ],
  } as TopLevelSpec;
}
