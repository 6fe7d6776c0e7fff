import { Resvg } from '@resvg/resvg-js';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadTargets } from '../../src/scenario/loadTargets.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-report-'));
const quiet = { out: () => {}, err: (s: string) => console.error(s) };

describe('ehsim report', () => {
  it('draws every chart of a comparison as a vega-lite spec, an SVG and a PNG with text', async () => {
    const out = path.join(tmp, 'cmp');
    expect(await main(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', 'scenarios/england/funding-restoration.yaml', '--scale', '0.005', '--replicates', '2', '--out', out], quiet)).toBe(0);
    expect(await main(['report', out], quiet)).toBe(0);
    const index = JSON.parse(readFileSync(path.join(out, 'charts', 'index.json'), 'utf8')) as { charts: { name: string }[] };
    expect(index.charts.map((c) => c.name)).toEqual(['rereferrals', 'waiting-list', 'costs-by-category', 'cumulative-avoided', 'net-cost', 'calibration', 'map-statutory-duty', 'map-funding-restoration']);
    // The calibration chart has one row per target of the baseline's targets file.
    const calibration = JSON.parse(readFileSync(path.join(out, 'charts', 'calibration.vl.json'), 'utf8'));
    const targets = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).targets.targets as { metric: string }[];
    expect(targets.length).toBe(loadTargets('scenarios/england/targets-2024-25.yaml').targets.length);
    expect(calibration.data.values.length).toBe(targets.length);
    for (const { name } of index.charts) {
      const spec = JSON.parse(readFileSync(path.join(out, 'charts', `${name}.vl.json`), 'utf8'));
      const titleText = [spec.title.text].flat().join(' ') as string; // a long title is wrapped into lines
      expect(titleText.length, name).toBeGreaterThan(10);
      expect(spec.title.subtitle.join(' '), name).toMatch(/Source: ehsim/);
      const svg = readFileSync(path.join(out, 'charts', `${name}.svg`), 'utf8');
      expect(svg, name).toContain('<svg');
      expect(svg, name).toContain(titleText.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').slice(0, 20));
      const png = readFileSync(path.join(out, 'charts', `${name}.png`));
      expect(png.subarray(1, 4).toString(), name).toBe('PNG');
      // Text really was drawn: the same SVG rendered without fonts (resvg then draws no text) differs in many pixels.
      const withText = new Resvg(svg, {
        fitTo: { mode: 'zoom', value: 2 },
        background: 'white',
        font: { loadSystemFonts: false, fontFiles: [path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf')], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
      }).render().pixels;
      const noText = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: false } }).render().pixels;
      let differing = 0;
      for (let i = 0; i < withText.length; i += 4) if (withText[i] !== noText[i]) differing++;
      expect(differing, name).toBeGreaterThan(2000);
    }
  });

  it('a run folder gets the charts that need no baseline; anything else is refused (exit 2)', async () => {
    const out = path.join(tmp, 'run');
    expect(await main(['run', 'scenarios/england/baseline.yaml', '--scale', '0.005', '--replicates', '2', '--out', out], quiet)).toBe(0);
    expect(await main(['report', out], quiet)).toBe(0);
    const index = JSON.parse(readFileSync(path.join(out, 'charts', 'index.json'), 'utf8')) as { charts: { name: string }[] };
    expect(index.charts.map((c) => c.name)).toEqual(['rereferrals', 'waiting-list', 'costs-by-category', 'calibration', 'map-early-help-provision']);
    expect(await main(['report', tmp], { out: () => {}, err: () => {} })).toBe(2);
  });
});
