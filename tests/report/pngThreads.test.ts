import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { chartFiles, PNG_OPTIONS } from '../../src/report/render.js';

/** Issue #16: charts are drawn as PNG on libuv's threads while the next is laid out; the files are those drawn on this thread, in chart order. */
describe('PNGs drawn off the main thread', () => {
  it('the same bytes as resvg drawing on this thread, each chart its vl.json, svg and png in turn', async () => {
    const spec = (n: number) => ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 200,
      height: 100,
      data: { values: Array.from({ length: n }, (_, i) => ({ x: `r${i}`, y: (i * 7) % 5 })) },
      mark: 'bar',
      encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'quantitative' } },
    });
    const charts = [3, 8, 5].map((n) => ({ name: `c${n}`, spec: spec(n) as never }));
    const files = await chartFiles(charts);
    expect([...files.keys()]).toEqual(charts.flatMap((c) => [`${c.name}.vl.json`, `${c.name}.svg`, `${c.name}.png`]));
    for (const c of charts) {
      const here = new Resvg(files.get(`${c.name}.svg`) as string, PNG_OPTIONS).render().asPng();
      expect(Buffer.compare(files.get(`${c.name}.png`) as Buffer, here)).toBe(0);
    }
  });
});
