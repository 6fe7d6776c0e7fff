import { checkComparable, prepareScenario } from '../runs/prepare.js';
import { discountScheduleOf, type Appraisal } from '../results/discounting.js';
import { argumentError, InputError } from '../scenario/inputError.js';
import { writeComparisonFolder } from './comparisonFolder.js';
import type { FileContent } from './folder.js';
import type { RunRecord } from './manifest.js';
import { writeRunFolder } from './runFolder.js';
import { checkStoredShape, readShardFolders, type StoredReplicate } from './shardFolder.js';
import type { PreparedScenario } from '../runs/prepare.js';

/** Files a run folder adds from its replicates (the diagnostics), made by a layer above this one. */
export type RunExtras = (prepared: PreparedScenario, stored: StoredReplicate[], record: RunRecord) => Promise<Map<string, FileContent>>;

/**
 * Combines shard folders into exactly the folder one run (or comparison) would have written.
 * The scenario files must be unchanged since the shards ran. A comparison's present values are
 * discounted to `appraisal` (merge's --appraisal-year, or the financial year it runs in).
 * Returns what was written.
 */
export async function mergeShards(dirs: string[], out: string, argv: string[], appraisal: Appraisal, runExtras?: RunExtras) {
  const { manifest: m, stored, started } = readShardFolders(dirs);
  const scenarios = m.scenarios.map((sc) => {
    const prepared = prepareScenario(sc.file);
    if (JSON.stringify(prepared.files) !== JSON.stringify(sc.files)) {
      throw new InputError(sc.file, 'has changed since the shards ran (its sha256, or that of a file it reads, differs from the shard manifests)');
    }
    return { file: sc.file, prepared };
  });
  checkStoredShape(stored, scenarios);
  const record: RunRecord = { argv, seed: m.seed, replicates: m.replicates, scale: m.scale, traceChildren: m.traceChildren, ...(m.diagnostics ? { diagnostics: true } : {}), ...(m.title ? { title: m.title } : {}), started };
  const base = scenarios[0]!.prepared;
  if (m.kind === 'run' && !appraisal.default) throw argumentError('--appraisal-year applies to comparisons, and these are shards of a run (nothing is discounted)');
  if (m.kind === 'run') return { kind: m.kind, record, base, ...writeRunFolder(out, base, stored, record, runExtras ? await runExtras(base, stored, record) : undefined) };
  checkComparable(scenarios);
  const written = await writeComparisonFolder(out, scenarios.map((s) => s.prepared), stored, record, m.crn, discountScheduleOf(scenarios[0]!), appraisal);
  return { kind: m.kind, record, base, ...written };
}
