import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-null-'));
const quiet = { out: () => {}, err: (s: string) => console.error(s) };
const DIR = 'scenarios/england/no-effect';

/**
 * Null-effect invariance: with every early-help effect switched off (relative risks 1), no shipped
 * policy may change referrals, CP plans or care entries by more than Monte Carlo error. A policy
 * that "works" with no effect would be a structural artefact of the model.
 */
describe('null-effect invariance', () => {
  it('with early help doing nothing, the duty, the funding (either sum, shared by children or by need, or only where re-referrals are high), both and Families First withdrawn change no outcome beyond Monte Carlo error', async () => {
    const out = path.join(tmp, 'null');
    const files = ['baseline', 'statutory-duty', 'funding-restoration', 'duty-and-funding', 'funding-restoration-per-child', 'families-first-withdrawn', 'funding-restoration-need-weighted', 'funding-where-rereferrals-high'].map((f) => `${DIR}/${f}.yaml`);
    expect(await main(['compare', ...files, '--scale', '0.01', '--replicates', '12', '--out', out], quiet)).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    for (const scenario of ['statutory-duty-no-effect', 'funding-restoration-no-effect', 'duty-and-funding-no-effect', 'funding-restoration-per-child-no-effect', 'families-first-withdrawn-no-effect', 'funding-restoration-need-weighted-no-effect', 'funding-where-rereferrals-high-no-effect']) {
      const s = summary.scenarios[scenario];
      for (const outcome of ['rereferrals_avoided', 'cin_starts_avoided', 'cp_starts_avoided', 'cla_starts_avoided']) {
        const { mean, mcse } = s[outcome];
        // Four Monte Carlo standard errors of the paired difference summed over the horizon.
        expect(Math.abs(mean), `${scenario} ${outcome}: ${mean} ± ${mcse}`).toBeLessThanOrEqual(4 * mcse + 1e-9);
      }
    }
    // The money is still spent: the policies ran.
    expect(summary.scenarios['funding-restoration-no-effect'].early_help_extra_cost.mean).toBeGreaterThan(0);
    expect(summary.scenarios['families-first-withdrawn-no-effect'].early_help_extra_cost.mean).toBeLessThan(0);
  }, 600_000);
});
