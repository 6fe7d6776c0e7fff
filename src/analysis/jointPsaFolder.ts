import { analysisManifest, writeAnalysisFolder, type AnalysisSettings } from '../outputs/analysisFolder.js';
import { comparisonPsaOutputs } from './comparisonPsa.js';
import type { FileContent } from '../outputs/folder.js';
import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { renderCharts } from '../report/render.js';
import type { GroupsFile } from '../scenario/loadGroups.js';
import { VERSION } from '../version.js';
import type { decisionOutputs } from './decisionOutputs.js';
import { frontierChart } from './frontierChart.js';
import type { JointPsa } from './jointPsa.js';
import type { UncertainParameter } from './uncertainty.js';

export interface JointPsaRun {
  files: string[];
  psa: JointPsa;
  params: UncertainParameter[];
  declared: OutcomeDeclarations;
  decision: ReturnType<typeof decisionOutputs>;
  groups: GroupsFile | null;
  correlations?: { file: string; sha256: string };
  /** One unit of the effect in words ("re-referral avoided"). */
  per: string;
}

/** The frontier chart's rows for one perspective, read back from psa-frontier.csv's rows. */
export function frontierRows(csv: string, perspective: string) {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((c) => c[0] === perspective)
    .map((c) => ({ wtp: Number(c[1]), option: c[2]!, probability: Number(c[4]), onFrontier: c[5] === 'yes' }));
}

/** Writes a joint PSA's folder (sensitivity <baseline> <policy> <policy>... --psa N): draws, intervals, the frontier and EVPPI. */
export async function writeJointPsaFolder(out: string | undefined, argv: string[], run: JointPsaRun, settings: AnalysisSettings, started: Date) {
  const { summary, files: drawFiles, manifest } = comparisonPsaOutputs({ run: run.psa, params: run.params, scale: settings.scale }, run.declared);
  const files = new Map<string, FileContent>(drawFiles);
  files.set('psa-frontier.csv', run.decision.frontierCsv);
  files.set('psa-evppi.csv', run.decision.evppiCsv);
  files.set('psa-summary.json', JSON.stringify({ ...summary, decision_at_thresholds: run.decision.atThresholds, definitions: run.decision.definitions }, null, 2) + '\n');
  const extra = {
    ...manifest,
    options: [run.psa.baseline, ...run.psa.scenarios],
    groups: run.groups ? { file: run.groups.file, sha256: run.groups.sha256, groups: run.groups.groups } : 'each parameter alone',
    correlations: run.correlations ?? 'none: parameters are drawn independently',
  };
  files.set('manifest.json', JSON.stringify(analysisManifest('psa', argv, run.files, settings, started, extra), null, 2) + '\n');
  const perspective = run.declared.perspectives?.[0];
  const chart = frontierChart({ version: VERSION, ...settings }, perspective?.label ?? 'council', run.per, frontierRows(run.decision.frontierCsv, perspective?.name ?? 'council'));
  return writeAnalysisFolder(out, 'psa', started, files, await renderCharts([chart]));
}
