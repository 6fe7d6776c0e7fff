import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { meanAndSe, runCli, simulate } from '../helpers.js';

const total = (xs: number[][]) => xs.flat().reduce((a, b) => a + b, 0);

describe('child attributes declared in the model file', () => {
  it('each type is read by its modifier as the theory says', () => {
    const { metric } = simulate('tests/fixtures/model/attributes.yaml', 4, 5);
    const helped = metric('helped').map((r) => r[0]!);
    const older = metric('older').map((r) => r[0]!);
    const notHelped = metric('not_helped').map((r) => r[0]!);
    const n = helped.map((h, i) => h + older[i]! + notHelped[i]!);
    // P(help) = pHelp × E[need multiplier] × E[known multiplier]; P(older) = pOlder × P(age >= 5).
    const pHelp = 0.1 * (0.7 + 0.3 * 3) * (0.75 + 0.25 * 2);
    const pOlder = 0.2 * 0.5;
    for (const [counts, p] of [[helped, pHelp], [older, pOlder]] as const) {
      const share = meanAndSe(counts.map((c, i) => c / n[i]!));
      const se = Math.sqrt((p * (1 - p)) / total([n])) ;
      expect(Math.abs(share.mean - p)).toBeLessThan(4 * se);
    }
    // visits: +1 on entering triage, set to 0 on completing help, so every helped child then
    // takes the branch that needs visits below 1 (all but those still in help at year end).
    const reset = total(metric('visits_reset'));
    expect(reset).toBeGreaterThan(0.99 * total([helped]));
    expect(reset).toBeLessThanOrEqual(total([helped]));
  });

  it('the catch-all transition means the same wherever it is listed', () => {
    const first = simulate('tests/fixtures/model/otherwise-first.yaml', 2, 3);
    const last = simulate('tests/fixtures/theory/absorbing.yaml', 2, 3);
    expect(first.metric('absorbed_care')).toEqual(last.metric('absorbed_care'));
    expect(first.metric('absorbed_closed')).toEqual(last.metric('absorbed_closed'));
    expect(total(first.metric('absorbed_care'))).toBeGreaterThan(0);
  });

  it('a new attribute and a new state in a copy of the England model run with no code change', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-attr-'));
    const model = readFileSync('scenarios/england/model.yaml', 'utf8')
      .replace(
        '\ngroups:\n',
        `  familyNeed:
    type: category
    levels: [low, high]
    description: A latent level of family need, drawn once.
    initial: { weights: [0.8, 0.2] }
    changes:
      - on: { enter: childProtection }
        set: high

groups:
`,
      )
      .replace(
        '      - to: childInNeedPlan\n\n  closure:',
        `      - to: familyGroupConference
        probability: 0.02
        modifiers:
          - if: { attribute: familyNeed, equals: high }
            multiply: 4
      - to: childInNeedPlan

  familyGroupConference:
    kind: activity
    count: fgc_starts
    duration: { type: fixed, value: 20, unit: days }
    transitions:
      - to: childInNeedPlan

  closure:`,
      );
    expect(model).toContain('familyGroupConference:');
    writeFileSync(path.join(dir, 'model.yaml'), model);
    const baseline = path.resolve('scenarios/england/baseline.yaml');
    writeFileSync(path.join(dir, 'scenario.yaml'), `name: family-need\nextends: ${baseline}\nmodel: model.yaml\n`);
    const out = path.join(dir, 'out');
    const v = await runCli(['validate', path.join(dir, 'scenario.yaml')]);
    expect(v.code, v.err).toBe(0);
    const r = await runCli(['run', path.join(dir, 'scenario.yaml'), '--scale', '0.01', '-n', '1', '--workers', '1', '--trace', '20', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const annual = readFileSync(path.join(out, 'annual.csv'), 'utf8');
    const fgc = annual.split('\n').filter((l) => l.split(',')[2] === 'fgc_starts').map((l) => Number(l.split(',')[3]));
    expect(fgc.length).toBeGreaterThan(0);
    expect(Math.min(...fgc)).toBeGreaterThan(0);
    expect(readFileSync(path.join(out, 'trace.csv'), 'utf8')).toMatch(/;familyNeed=(low|high);/);
  });
});
