import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { money } from '../../src/report/format.js';
import { runCli } from '../helpers.js';

/** Issue #14, a briefing a clerk can send: summary first, its own title, costs to families, titles in legends, one money format. */
describe('a briefing a clerk can send', () => {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ehsim-clerk-')), 'cmp');
  const title = 'A duty and £1.93bn: what would change';
  const ready = main(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', 'scenarios/england/funding-restoration.yaml', '--scale', '0.005', '--replicates', '2', '--psa', '4', '--psa-scale', '0.003', '--title', title, '--out', out], { out: () => {}, err: () => {} });

  it('opens with its own title and a three-sentence summary (what, how much, how sure) before the key findings', async () => {
    expect(await ready).toBe(0);
    const md = readFileSync(path.join(out, 'briefing.md'), 'utf8');
    expect(md.split('\n')[0]).toBe(`# ${title}`);
    expect(md.indexOf('## In short')).toBeGreaterThan(0);
    expect(md.indexOf('## In short')).toBeLessThan(md.indexOf('## Key findings'));
    const summary = md.slice(md.indexOf('## In short') + 12, md.indexOf('## Key findings')).trim();
    expect(summary.split(/(?<=\.) (?=[A-Z])/)).toHaveLength(3);
    expect(summary).toMatch(/^This briefing projects what Statutory early-help duty \(no new money\) and Restore £1\.93bn/);
    expect(summary).toMatch(/net present cost of £[\d.]+(bn|m) \(/);
    expect(summary).toMatch(/The intervals carry the uncertainty in \d+ parameters and in the simulation together \(a probabilistic sensitivity analysis of 4 draws/);
    const html = readFileSync(path.join(out, 'briefing.html'), 'utf8');
    expect(html).toContain(`<h1>${title.replace('&', '&amp;')}</h1>`);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="findings"'));
  });

  it('gives intervals from parameters and simulation together, labelled so, wider than the Monte Carlo ones, with Monte Carlo error apart', async () => {
    expect(await ready).toBe(0);
    const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(s.uncertainty.label).toBe('95% uncertainty interval (parameters and simulation)');
    expect(s.uncertainty.draws).toBe(4);
    expect(s.uncertainty.parameters).not.toContain('restorationFunding');
    for (const name of ['statutory-duty', 'funding-restoration']) {
      const psa = s.uncertainty.scenarios[name].rereferrals_avoided;
      const mc = s.scenarios[name].rereferrals_avoided;
      expect(psa.hi95 - psa.lo95).toBeGreaterThan(mc.hi95 - mc.lo95);
      expect(psa.hi95 - psa.lo95).toBeGreaterThan(2 * 1.96 * mc.mcse);
    }
    const md = readFileSync(path.join(out, 'briefing.md'), 'utf8');
    const findings = md.slice(md.indexOf('## Key findings'), md.indexOf('## Scenarios'));
    expect(findings).toMatch(/re-referrals over .* \(95% uncertainty interval -?[\d,]+ to -?[\d,]+\)/);
    expect(findings).toMatch(/Their 95% uncertainty intervals come from parameters and simulation together: a probabilistic sensitivity analysis of 4 draws/);
    expect(findings).toMatch(/Apart from that, the Monte Carlo standard error of each central estimate \(2 paired replicates/);
    expect(md).toContain('| Measure | Central estimate | 95% uncertainty interval (parameters and simulation) | Monte Carlo s.e. |');
    expect(readFileSync(path.join(out, 'psa-draws.csv'), 'utf8').split('\n')[0]).toBe('draw,scenario,outcome,perspective,value');
  });

  it('reports, per scenario and perspective, discounted effects, the ICER as a ratio of means with its quadrant and net monetary benefit at three thresholds', async () => {
    expect(await ready).toBe(0);
    const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(s.economics.perspectives.map((p: { name: string }) => p.name)).toEqual(['council', 'public_sector', 'society']);
    expect(s.economics.thresholds.values).toEqual([0, 10000, 50000]);
    for (const block of [s.economics.scenarios, s.uncertainty.economics]) {
      for (const name of ['statutory-duty', 'funding-restoration']) {
        const e = block[name];
        expect(Object.keys(e.discounted_effects)).toContain('rereferrals_avoided');
        for (const p of ['council', 'public_sector', 'society']) {
          const x = e.perspectives[p];
          expect(['north-east', 'south-east', 'north-west', 'south-west']).toContain(x.icer.quadrant);
          const effect = e.discounted_effects.rereferrals_avoided.mean;
          if (x.icer.value !== null) expect(x.icer.value).toBeCloseTo(x.net_present_cost.mean / effect, 6);
          expect(x.net_monetary_benefit.map((n: { threshold: number }) => n.threshold)).toEqual([0, 10000, 50000]);
          for (const n of x.net_monetary_benefit) expect(n.mean).toBeCloseTo(n.threshold * effect - x.net_present_cost.mean, 0);
        }
      }
    }
    // The council's cost is the comparison's net present cost; society counts the valuations on top.
    const duty = s.economics.scenarios['funding-restoration'].perspectives;
    expect(duty.council.net_present_cost.mean).toBeCloseTo(s.scenarios['funding-restoration'].net_present_cost.mean, 0);
    expect(duty.society.net_present_cost.mean).not.toBe(duty.council.net_present_cost.mean);
    const md = readFileSync(path.join(out, 'briefing.md'), 'utf8');
    expect(md).toMatch(/Counting more than the council's costs: for the public sector, adding care proceedings and other public services, a net present (cost|saving) of/);
    expect(md).toMatch(/Society: ICER \(ratio of means\)/);
    // The spending chart shows the council's spending only: the other payers and the valuations are not spending.
    const spec = JSON.parse(readFileSync(path.join(out, 'charts', 'costs-by-category.vl.json'), 'utf8'));
    const categories = new Set(spec.data.values.map((v: { category: string }) => v.category));
    expect(categories.has('care fostering')).toBe(true);
    for (const c of ['social cost need', 'social cost care experience', 'care proceedings', 'public services in need']) expect(categories.has(c)).toBe(false);
    // The CHEERS 2022 checklist as an appendix: all 28 items, each with where it is answered.
    const appendix = md.slice(md.indexOf('## Appendix'), md.indexOf('## Reproducibility'));
    expect(appendix).toContain('CHEERS 2022 checklist');
    expect(appendix.split('\n').filter((l) => /^\| \d+ \| /.test(l))).toHaveLength(28);
    expect(appendix).toMatch(/\| 8 \| Perspective \| Headline tables \(economics by perspective\): council children's services, public sector, society/);
  });

  it("says what each policy costs families, with intervals", async () => {
    await ready;
    const md = readFileSync(path.join(out, 'briefing.md'), 'utf8');
    const lines = md.split('\n').filter((l) => l.startsWith('- For families, over the same years: '));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/(more|fewer) families giving up waiting for early help \(-?[\d,]+ to -?[\d,]+\) and [\d,]+ (more|fewer) days families spent waiting/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.scenarios['statutory-duty'].gave_up_waiting_extra.mean).toBeGreaterThan(0);
  });

  it('shows scenario titles, not names, in the charts\' legends', async () => {
    await ready;
    const spec = readFileSync(path.join(out, 'charts', 'rereferrals.vl.json'), 'utf8');
    expect(spec).toContain('Statutory early-help duty (no new money)');
    expect(JSON.parse(spec).encoding.color.legend.labelExpr).toMatch(/datum\.label/);
  });

  it('writes money one way everywhere: three significant figures, the sign before the pound', () => {
    expect([2.386e9, 1.2e9, 340e6, -615e6, 300968, -0.62e9, 999.6e6, 0].map(money)).toEqual(['£2.39bn', '£1.2bn', '£340m', '−£615m', '£301,000', '−£620m', '£1bn', '£0']);
  });

  it('refuses a title that is not one line', async () => {
    const r = await runCli(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', '--title', 'two\nlines']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--title must be one line/);
  });
});
