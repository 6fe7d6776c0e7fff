import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * Issue #5 §4: briefing.html opened from disk in a real browser (Debian's chromium, which
 * .ci/run installs): no console error, no network request, every chart drawn as SVG marks.
 */
const CHROMIUM = process.env.EHSIM_CHROMIUM ?? '/usr/bin/chromium';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-browser-'));
const out = path.join(tmp, 'cmp');
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set EHSIM_CHROMIUM`);
  const io = { out: () => {}, err: (s: string) => console.error(s) };
  expect(await main(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', 'tests/fixtures/report/hostile.yaml', '--scale', '0.005', '--replicates', '2', '--out', out], io)).toBe(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('briefing.html in Chromium', () => {
  it('renders every chart offline with no console error, page error, dialog or network request', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    const file = path.join(out, 'briefing.html');
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts-rendered]', { timeout: 60_000 });

    const index = JSON.parse(readFileSync(path.join(out, 'charts', 'index.json'), 'utf8')) as { charts: { name: string }[] };
    expect(await page.getAttribute('body', 'data-charts-rendered')).toBe(String(index.charts.length));
    // Each chart is an SVG with drawn marks (lines, areas, bars, points, rules).
    const marks = await page.$$eval('div.chart', (divs) =>
      divs.map((d) => ({ rendered: d.getAttribute('data-rendered'), svg: d.querySelectorAll('svg').length, marks: d.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > rect').length })),
    );
    expect(marks.length).toBe(index.charts.length);
    for (const [i, m] of marks.entries()) {
      expect(m.rendered, index.charts[i]!.name).toBe('yes');
      expect(m.svg, index.charts[i]!.name).toBe(1);
      expect(m.marks, index.charts[i]!.name).toBeGreaterThan(3);
    }
    // The hostile title is shown as text.
    const text = await page.innerText('body');
    expect(text).toContain(`<script>alert('title')</script> Duty & "funding" <b>bold</b>`);
    expect(await page.$$eval('img, iframe', (els) => els.length)).toBe(0);

    const shots = path.resolve('output', 'test-screenshots');
    mkdirSync(shots, { recursive: true });
    const shot = path.join(shots, 'briefing.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');

    // The three-sentence summary comes first: above the findings, on the first screen.
    const top = async (sel: string) => page.$eval(sel, (el) => el.getBoundingClientRect().top + window.scrollY);
    expect(await top('#summary')).toBeLessThan(await top('#findings'));
    expect(await top('#summary')).toBeLessThan(900);

    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('draws every chart file to its edges: no blank band in the SVG and PNG written for the briefing (screenshots kept)', async () => {
    const index = JSON.parse(readFileSync(path.join(out, 'charts', 'index.json'), 'utf8')) as { charts: { name: string }[] };
    const shots = path.resolve('output', 'test-screenshots');
    mkdirSync(shots, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    for (const { name } of index.charts) {
      await page.goto(pathToFileURL(path.join(out, 'charts', `${name}.svg`)).href);
      const fill = await page.evaluate(() => {
        const svg = document.querySelector('svg')!;
        const frame = svg.getBoundingClientRect();
        let right = 0;
        let bottom = 0;
        for (const el of Array.from(svg.querySelectorAll('text, path, line, rect, circle'))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          // The background rectangle spans the whole frame: it is not drawn content.
          if (el.tagName === 'rect' && Math.abs(r.width - frame.width) < 1 && Math.abs(r.height - frame.height) < 1) continue;
          right = Math.max(right, r.right - frame.left);
          bottom = Math.max(bottom, r.bottom - frame.top);
        }
        return { width: right / frame.width, height: bottom / frame.height };
      });
      expect(fill.width, `${name}: drawn width / frame width`).toBeGreaterThan(0.9);
      expect(fill.height, `${name}: drawn height / frame height`).toBeGreaterThan(0.9);
      copyFileSync(path.join(out, 'charts', `${name}.png`), path.join(shots, `chart-${name}.png`));
    }
    await page.close();
  }, 120_000);
});
