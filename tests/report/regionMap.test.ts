import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_ATTRIBUTION, regionMapSpec, regionNames, type RegionValue } from '../../src/report/regionMap.js';
import { renderChart } from '../../src/report/render.js';

const FILE = 'data/boundaries/regions-december-2023-en-buc.geo.json';
const CODES = Array.from({ length: 9 }, (_, i) => `E1200000${i + 1}`);

type Ring = [number, number][];
const geojson = JSON.parse(readFileSync(FILE, 'utf8')) as {
  type: string;
  crs: { properties: { name: string } };
  features: { type: string; properties: Record<string, string>; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Ring[] | Ring[][] } }[];
};

/** Twice the signed area of a ring in (longitude, latitude), positive when clockwise. */
function clockwise(ring: Ring): number {
  let a = 0;
  for (let k = 0; k < ring.length - 1; k++) a += (ring[k + 1]![0] - ring[k]![0]) * (ring[k + 1]![1] + ring[k]![1]);
  return a;
}

/** The region shapes drawn in an SVG: the `<path>`s of the geoshape mark group, with their fills, in data order. */
function regionPaths(svg: string): { fill: string }[] {
  const group = svg.match(/<g class="mark-shape role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/);
  expect(group, 'geoshape mark group').not.toBeNull();
  return [...group![1]!.matchAll(/<path[^>]*>/g)].map((m) => ({ fill: /fill="([^"]+)"/.exec(m[0])?.[1] ?? '' }));
}

/** A fill as vega writes it, `#rrggbb` or `rgb(r, g, b)`, as numbers. */
function rgb(fill: string): [number, number, number] {
  const m = /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(fill);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  expect(fill).toMatch(/^#[0-9a-f]{6}$/i);
  return [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16)) as [number, number, number];
}

const names = regionNames();
/** Given in reverse code order, so a join by position rather than code would show. */
const effects: RegionValue[] = CODES.map((code, i) => ({
  code,
  name: names.get(code)!,
  value: code === 'E12000007' ? null : code === 'E12000001' ? -500 : code === 'E12000009' ? 500 : 40,
  label: code === 'E12000001' ? '−500 (−800 to −200)' : undefined,
})).reverse();

describe('vendored region boundaries', () => {
  it('hold the nine English regions, codes E12000001 to E12000009, with only code and name', () => {
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.crs.properties.name).toBe('EPSG:4326');
    expect(geojson.features.map((f) => f.properties.RGN23CD)).toEqual(CODES);
    for (const f of geojson.features) {
      expect(Object.keys(f.properties).sort()).toEqual(['RGN23CD', 'RGN23NM']);
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
    expect(names.get('E12000007')).toBe('London');
    expect(names.get('E12000003')).toBe('Yorkshire and The Humber');
    expect([...names.keys()]).toEqual(CODES);
  });

  it('have clockwise exterior rings inside England, so vega-lite draws them without rewinding', () => {
    for (const f of geojson.features) {
      const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
      for (const [exterior, ...holes] of polygons) {
        expect(clockwise(exterior!), f.properties.RGN23NM).toBeGreaterThan(0);
        for (const h of holes) expect(clockwise(h), f.properties.RGN23NM).toBeLessThan(0);
        for (const [lon, lat] of exterior!) {
          expect(lon).toBeGreaterThan(-6.5);
          expect(lon).toBeLessThan(2);
          expect(lat).toBeGreaterThan(49.8);
          expect(lat).toBeLessThan(55.9);
        }
      }
    }
  });

  it('come with a README giving source, licence and the attribution text', () => {
    const readme = readFileSync('data/boundaries/README.md', 'utf8');
    expect(readme).toContain('Regions (December 2023) Boundaries EN BUC');
    expect(readme).toContain('Open Government Licence v3.0');
    expect(readme).toContain('Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2024');
    expect(readme).toContain(BOUNDARY_ATTRIBUTION);
  });
});

describe('regionMapSpec', () => {
  it('renders nine region shapes to SVG and PNG, filled by the value joined on code (null grey)', async () => {
    const spec = regionMapSpec({ title: 'Children in need avoided by 2030, by region', subtitle: 'Statutory duty against the baseline.', values: effects, legendTitle: 'Children in need avoided', caveat: 'Illustrative values.' });
    const { svg, png } = await renderChart(spec);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const paths = regionPaths(svg);
    expect(paths).toHaveLength(9);
    // Shapes come in the boundary file's order, E12000001 … E12000009.
    const fill = new Map(CODES.map((c, i) => [c, paths[i]!.fill]));
    expect(fill.get('E12000007')).toBe('#cccccc');
    const [r1, , b1] = rgb(fill.get('E12000001')!); // −500: blue end of blue–orange
    const [r9, , b9] = rgb(fill.get('E12000009')!); // +500: orange end
    expect(b1).toBeGreaterThan(r1);
    expect(r9).toBeGreaterThan(b9);
    const middling = CODES.filter((c) => !['E12000001', 'E12000007', 'E12000009'].includes(c)).map((c) => fill.get(c));
    expect(new Set(middling).size).toBe(1);
    expect(middling[0]).not.toBe('#cccccc');
    // The chart fills its frame: no blank strip beside the 420-wide map.
    const width = Number(/<svg[^>]*width="(\d+)"/.exec(svg)![1]);
    expect(width).toBeGreaterThanOrEqual(420);
    expect(width).toBeLessThan(450);
    expect(svg).toContain('Crown copyright');

    const shots = path.resolve('output', 'test-screenshots');
    mkdirSync(shots, { recursive: true });
    writeFileSync(path.join(shots, 'regionmap.png'), png);
    expect(existsSync(path.join(shots, 'regionmap.png'))).toBe(true);
  });

  it('puts name, label or "no data" in each region for the tooltip; regions not listed have no data', () => {
    const spec = regionMapSpec({ title: 'Map', values: effects.filter((v) => v.code !== 'E12000002'), legendTitle: 'Effect' }) as unknown as {
      data: { values: { properties: { code: string; name: string; value: number | null; display: string } }[] };
      encoding: { tooltip: { field: string }[]; color: { scale: { scheme: string; domain: number[]; domainMid: number } } };
      title: { subtitle: string[] };
    };
    const byCode = new Map(spec.data.values.map((f) => [f.properties.code, f.properties]));
    expect(byCode.get('E12000001')).toMatchObject({ name: 'North East', value: -500, display: '−500 (−800 to −200)' });
    expect(byCode.get('E12000009')).toMatchObject({ name: 'South West', value: 500, display: '500' });
    expect(byCode.get('E12000007')).toMatchObject({ value: null, display: 'no data' });
    expect(byCode.get('E12000002')).toMatchObject({ name: 'North West', value: null, display: 'no data' });
    expect(spec.encoding.tooltip.map((t) => t.field)).toEqual(['properties.name', 'properties.display']);
    expect(spec.encoding.color.scale).toEqual({ scheme: 'blueorange', domain: [-500, 500], domainMid: 0 });
    expect(spec.title.subtitle).toContain('Grey: no data.');
  });

  it('uses a sequential scheme for levels', async () => {
    const levels = CODES.map((code, i) => ({ code, name: names.get(code)!, value: 100 + 10 * i }));
    const spec = regionMapSpec({ title: 'Children in need per 10,000', values: levels, legendTitle: 'Rate per 10,000', scheme: 'sequential' }) as unknown as {
      encoding: { color: { scale: { scheme: string } } };
      title: { subtitle: string[] };
    };
    expect(spec.encoding.color.scale).toEqual({ scheme: 'blues' });
    expect(spec.title.subtitle).not.toContain('Grey: no data.');
    const paths = regionPaths((await renderChart(spec as unknown as Parameters<typeof renderChart>[0])).svg);
    expect(paths).toHaveLength(9);
    expect(new Set(paths.map((p) => p.fill)).size).toBe(9);
  });

  it('refuses codes that are not English regions, repeats and non-finite values', () => {
    const one = (v: Partial<RegionValue>) => () => regionMapSpec({ title: 't', legendTitle: 'l', values: [{ code: 'E12000001', name: 'North East', value: 1, ...v }] });
    expect(one({ code: 'W92000004' })).toThrow(/not an English region code/);
    expect(one({ value: Number.NaN })).toThrow(/use null for no data/);
    expect(() => regionMapSpec({ title: 't', legendTitle: 'l', values: [effects[0]!, effects[0]!] })).toThrow(/given twice/);
  });
});
