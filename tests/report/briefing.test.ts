import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { escapeHtml } from '../../src/report/briefingHtml.js';

/**
 * Issue #5: `compare` writes the briefing by default; briefing.html is one self-contained file
 * and briefing.md carries the PNG charts. Titles and descriptions with markup appear as text.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-briefing-'));
const out = path.join(tmp, 'cmp');
const HOSTILE_TITLE = `<script>alert('title')</script> Duty & "funding" <b>bold</b>`;
const HOSTILE_DESCRIPTION = `<img src=x onerror="alert('description')"> Steps & 'quotes' </script><!-- -->`;
let html = '';
let md = '';
const printed: string[] = [];

beforeAll(async () => {
  const io = { out: (s: string) => printed.push(s), err: (s: string) => console.error(s) };
  expect(await main(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/funding-restoration.yaml', 'tests/fixtures/report/hostile.yaml', '--scale', '0.005', '--replicates', '2', '--out', out], io)).toBe(0);
  html = readFileSync(path.join(out, 'briefing.html'), 'utf8');
  md = readFileSync(path.join(out, 'briefing.md'), 'utf8');
}, 120_000);

describe('the briefing', () => {
  it('is written by compare by default, which prints its path', () => {
    expect(printed.join('\n')).toContain(`Briefing: ${path.join(out, 'briefing.html')}`);
    expect(existsSync(path.join(out, 'charts', 'rereferrals.png'))).toBe(true);
  });

  it('states findings from the numbers, with intervals, for each scenario', () => {
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const rr = summary.scenarios['funding-restoration'].rereferrals_avoided;
    const round3 = (v: number) => Math.round(Number(v.toPrecision(3))).toLocaleString('en-GB');
    // The finding's verb follows the sign of the numbers (a small sample may add where the policy prevents).
    const effect = (avoided: number) => (avoided >= 0 ? `prevent an estimated ${round3(avoided)}` : `add an estimated ${round3(-avoided)}`);
    // The policy's first full year (it starts on 1 April 2027): the paired difference of comparison.csv, baseline minus scenario.
    expect(summary.policies['funding-restoration']).toMatchObject({ start: '2027-04-01', first_year: '2027-28', first_full_year: '2027-28' });
    const inYear = readFileSync(path.join(out, 'comparison.csv'), 'utf8').split('\n').find((l) => l.startsWith('funding-restoration,2027-28,rereferrals_12m,'))!.split(',');
    const [mean, lo, hi] = [-Number(inYear[3]), -Number(inYear[5]), -Number(inYear[4])];
    expect(html).toContain(`Restore £1.93bn a year of early-intervention funding would ${effect(mean)} re-referrals in 2027-28, its first full year (95% interval ${round3(lo)} to ${round3(hi)})`);
    expect(html).toContain(`and ${effect(rr.mean)} over 2027-28 to 2035-36, from its start on 1 April 2027 (${round3(rr.lo95)} to ${round3(rr.hi95)})`);
    expect(html).toContain('Monte Carlo standard error of each central estimate (');
    expect(md).toContain(`${effect(rr.mean)} over 2027-28 to 2035-36`);
  });

  it('has a headline table per scenario, the assumptions with sources, method, limitations and a reproducibility footer', () => {
    expect(html).toContain('Restore £1.93bn a year of early-intervention funding: against england-baseline, 2027-28 to 2035-36 (totals from the policy&#39;s start on 2027-04-01');
    expect(html).toContain('<th scope="row">Net present cost (discounted)</th>');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(html).toContain('<code>newReferralsPerYear</code>');
    const source: string = manifest.scenarios[0].parameters.newReferralsPerYear.source.title;
    expect(source).toMatch(/^CALIBRATED/);
    expect(html).toContain(escapeHtml(source));
    expect(html).toContain('id="method"');
    expect(html).toContain('The intervals do not include uncertainty in the parameters');
    // Issue #12: the price year every cost is in, from the manifest.
    expect(manifest.scenarios[0].prices).toMatchObject({ priceYear: '2024-25', name: 'hmt-gdp-deflator', version: '2026-03' });
    expect(html).toContain('Costs are in 2024-25 prices (HM Treasury GDP deflator, March 2026)');
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).price_year).toMatch(/^2024-25 prices: /);
    expect(html).toContain(`sha256 ${manifest.scenarios[0].files[0].sha256}`);
    expect(html).toContain(manifest.command.replace(/&/g, '&amp;'));
    expect(html).toMatch(/<th scope="row">Seed<\/th><td>1<\/td>/);
  });

  it('is self-contained: vega, vega-lite and vega-embed inlined, nothing to fetch', () => {
    expect(html).toMatch(/<script>\/\* vega \d/);
    expect(html).toMatch(/<script>\/\* vega-lite \d/);
    expect(html).toMatch(/<script>\/\* vega-embed \d/);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link[^>]*href=/);
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain(`default-src 'none'`);
  });

  it('shows hostile titles and descriptions as text, never as markup', () => {
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain(`<a href="https://example.org">`);
    expect(html).toContain('&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Duty &amp; &quot;funding&quot; &lt;b&gt;bold&lt;/b&gt;');
    // Only the inlined libraries and the chart loader open a script element.
    expect(html.match(/<script>/g)!.length).toBe(4);
    // The specs inside the script carry no raw '<'.
    const loader = html.slice(html.lastIndexOf('<script>'));
    expect(loader.slice(8, loader.indexOf('</script>'))).not.toMatch(/[<>]/);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;');
    expect(HOSTILE_DESCRIPTION).toContain('<img');
  });

  it('briefing.md embeds every chart as a PNG that exists', () => {
    const images = [...md.matchAll(/!\[[^\]]*\]\((charts\/[^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(images.length).toBe(8); // six charts and each policy's regional map
    for (const img of images) expect(existsSync(path.join(out, img)), img).toBe(true);
  });

  it('a run folder gets a briefing too (levels, not differences)', async () => {
    const run = path.join(tmp, 'run');
    const io = { out: () => {}, err: (s: string) => console.error(s) };
    expect(await main(['run', 'scenarios/england/baseline.yaml', '--scale', '0.005', '--replicates', '2', '--out', run], io)).toBe(0);
    expect(await main(['report', run], io)).toBe(0);
    const runHtml = readFileSync(path.join(run, 'briefing.html'), 'utf8');
    expect(runHtml).toMatch(/In 2024-25 \(calibrated\) the model has [\d,]+ referrals \(95% interval [\d,]+ to [\d,]+\)/);
    expect(runHtml).toContain('levels in 2024-25 (calibrated) and 2035-36');
  });
});

