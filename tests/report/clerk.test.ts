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
  const ready = main(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', 'scenarios/england/funding-restoration.yaml', '--scale', '0.005', '--replicates', '2', '--title', title, '--out', out], { out: () => {}, err: () => {} });

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
    expect(summary).toMatch(/understate the uncertainty/);
    const html = readFileSync(path.join(out, 'briefing.html'), 'utf8');
    expect(html).toContain(`<h1>${title.replace('&', '&amp;')}</h1>`);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="findings"'));
  });

  it("says what each policy costs families, with intervals", async () => {
    await ready;
    const md = readFileSync(path.join(out, 'briefing.md'), 'utf8');
    const lines = md.split('\n').filter((l) => l.startsWith('- For families, over the same years: '));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/(more|fewer) families giving up waiting for early help \([\d,]+ to [\d,]+\) and [\d,]+ (more|fewer) days families spent waiting/);
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
