import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartLibraries, jsonForScript } from '../../src/report/inlineLibraries.js';
import { regionMapSpec, regionNames } from '../../src/report/regionMap.js';

/**
 * The region map in a real browser (Debian's chromium, as for briefing.browser.test.ts), on a
 * page built like briefing.html: libraries inlined, a CSP that forbids fetching anything.
 */
const CHROMIUM = process.env.EHSIM_CHROMIUM ?? '/usr/bin/chromium';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-map-browser-'));
let browser: Browser;

function page(spec: unknown): string {
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>Region map</title></head>
<body><div id="vis" class="chart"></div>
${chartLibraries().map((l) => `<script>/* ${l.name} ${l.version} */\n${l.code}\n</script>`).join('\n')}
<script>
vegaEmbed(document.getElementById('vis'), ${jsonForScript(spec)}, { actions: false, renderer: 'svg' }).then(
  function () { document.body.setAttribute('data-rendered', 'yes'); },
  function (e) { document.body.setAttribute('data-rendered', 'error'); console.error(e); }
);
</script></body></html>
`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set EHSIM_CHROMIUM`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('region map in Chromium', () => {
  it('draws nine region shapes offline, London grey, with a "no data" tooltip and no console error', async () => {
    const values = [...regionNames()].map(([code, name], i) => ({ code, name, value: code === 'E12000007' ? null : (i - 4) * 100 }));
    const file = path.join(tmp, 'map.html');
    writeFileSync(file, page(regionMapSpec({ title: 'Effect by region', values, legendTitle: 'Effect', caveat: 'Illustrative values.' })));

    const p = await browser.newPage({ viewport: { width: 700, height: 800 } });
    const problems: string[] = [];
    const requests: string[] = [];
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await p.goto(pathToFileURL(file).href);
    await p.waitForSelector('body[data-rendered]', { timeout: 60_000 });
    expect(await p.getAttribute('body', 'data-rendered')).toBe('yes');

    const shapes = await p.$$eval('#vis svg g.mark-shape.role-mark > path', (els) =>
      els.map((e) => {
        const box = (e as unknown as { getBBox(): { width: number; height: number } }).getBBox();
        return { fill: e.getAttribute('fill'), width: box.width, height: box.height };
      }),
    );
    expect(shapes).toHaveLength(9);
    for (const s of shapes) {
      expect(s.width).toBeGreaterThan(20);
      expect(s.height).toBeGreaterThan(20);
    }
    expect(shapes[6]!.fill).toBe('#cccccc'); // E12000007, London
    expect(new Set(shapes.map((s) => s.fill)).size).toBe(9);

    // Hovering London shows its name and "no data" in vega-embed's tooltip.
    await p.hover('#vis svg g.mark-shape.role-mark > path:nth-child(7)');
    const tooltip = await p.waitForSelector('#vg-tooltip-element.visible', { timeout: 10_000 });
    const text = await tooltip.innerText();
    expect(text).toContain('London');
    expect(text).toContain('no data');

    const shots = path.resolve('output', 'test-screenshots');
    mkdirSync(shots, { recursive: true });
    await p.screenshot({ path: path.join(shots, 'regionmap-chromium.png'), fullPage: true });

    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await p.close();
  }, 120_000);
});
