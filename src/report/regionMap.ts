import { readFileSync } from 'node:fs';
import { packagePath } from '../packageRoot.js';
import type { TopLevelSpec } from 'vega-lite';

/**
 * A choropleth of England's nine regions as a vega-lite spec. The ONS boundaries
 * (data/boundaries/, OGL v3) are inlined into the spec, so a briefing that embeds it
 * stays self-contained; each region's value is joined to its shape here, by ONS code.
 */

const BOUNDARIES = packagePath('data', 'boundaries', 'regions-december-2023-en-buc.geo.json');

/** The attribution the Open Government Licence asks for, shown on every map. */
export const BOUNDARY_ATTRIBUTION =
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2024';

type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
interface RegionFeature {
  type: 'Feature';
  properties: { RGN23CD: string; RGN23NM: string };
  geometry: Geometry;
}

export interface RegionValue {
  /** ONS region code, E12000001 … E12000009. */
  code: string;
  name: string;
  /** null: no data (drawn grey). */
  value: number | null;
  /** What the tooltip shows for the value (e.g. "+1,200 (−300 to +2,700)"); the number itself if absent. */
  label?: string;
}

export interface RegionMapInput {
  title: string;
  subtitle?: string;
  values: RegionValue[];
  legendTitle: string;
  /** diverging (default): effects, centred on 0; sequential: levels. */
  scheme?: 'diverging' | 'sequential';
  caveat?: string;
}

const NO_DATA_FILL = '#cccccc';
const WIDTH = 420;
const HEIGHT = 480;
/**
 * Headless vega has no canvas to measure text, so it reserves 0.8 × font size per character;
 * lines wrapped to these lengths keep the reserved width within the map's, so the SVG and PNG
 * have no blank strip to the right of the map.
 */
const TITLE_CHARS = Math.floor(WIDTH / (0.8 * 13));
const SUBTITLE_CHARS = Math.floor(WIDTH / (0.8 * 11));
const LEGEND_TITLE_CHARS = 18;

let cached: RegionFeature[] | null = null;

/** The nine region shapes, read from disk once. */
function regions(): RegionFeature[] {
  if (!cached) {
    const fc = JSON.parse(readFileSync(BOUNDARIES, 'utf8')) as { type: string; features: RegionFeature[] };
    if (fc.type !== 'FeatureCollection' || fc.features.length !== 9) throw new Error(`${BOUNDARIES}: expected a FeatureCollection of England's 9 regions`);
    cached = fc.features;
  }
  return cached;
}

/** Region code → name (ONS spelling), in code order E12000001 … E12000009. */
export function regionNames(): Map<string, string> {
  return new Map(regions().map((f) => [f.properties.RGN23CD, f.properties.RGN23NM]));
}

/** Splits text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function display(v: RegionValue): string {
  if (v.value === null) return v.label ? `no data (${v.label})` : 'no data';
  return v.label ?? v.value.toLocaleString('en-GB', { maximumFractionDigits: 3 });
}

/** The region features with each one's value, name and tooltip text in `properties`. */
function joined(values: RegionValue[]) {
  const byCode = new Map<string, RegionValue>();
  const known = regionNames();
  for (const v of values) {
    if (!known.has(v.code)) throw new Error(`regionMapSpec: ${v.code} (${v.name}) is not an English region code (E12000001 to E12000009)`);
    if (byCode.has(v.code)) throw new Error(`regionMapSpec: ${v.code} (${v.name}) is given twice`);
    if (v.value !== null && !Number.isFinite(v.value)) throw new Error(`regionMapSpec: ${v.code} (${v.name}) has value ${v.value}; use null for no data`);
    byCode.set(v.code, v);
  }
  return regions().map((f) => {
    const code = f.properties.RGN23CD;
    const v = byCode.get(code) ?? { code, name: f.properties.RGN23NM, value: null };
    return { type: 'Feature' as const, geometry: f.geometry, properties: { code, name: v.name || f.properties.RGN23NM, value: v.value, display: display(v) } };
  });
}

/** Colour scale: diverging is symmetric about 0 so equal effects either way get equal strength. */
function colourScale(scheme: 'diverging' | 'sequential', values: number[]) {
  if (scheme === 'sequential') return { scheme: 'blues' };
  const m = Math.max(0, ...values.map(Math.abs));
  const edge = m > 0 ? m : 1;
  return { scheme: 'blueorange', domain: [-edge, edge], domainMid: 0 };
}

/**
 * A vega-lite spec of England's nine regions filled by value: `diverging` (blue–orange,
 * white at 0) for effects, `sequential` (blues) for levels. Regions with value null, or not
 * listed, are grey with "no data" in the tooltip. Codes must be ONS region codes.
 */
export function regionMapSpec(input: RegionMapInput): TopLevelSpec {
  const features = joined(input.values);
  const numbers = features.map((f) => f.properties.value).filter((v): v is number => v !== null);
  const missing = features.some((f) => f.properties.value === null);
  const subtitle = [
    ...(input.subtitle ? wrap(input.subtitle, SUBTITLE_CHARS) : []),
    ...(input.caveat ? wrap(input.caveat, SUBTITLE_CHARS) : []),
    ...(missing ? ['Grey: no data.'] : []),
    ...wrap(`Boundaries: ${BOUNDARY_ATTRIBUTION}.`, SUBTITLE_CHARS),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: wrap(input.title, TITLE_CHARS), subtitle, anchor: 'start', subtitleColor: '#444444', fontSize: 13, subtitleFontSize: 11 },
    width: WIDTH,
    height: HEIGHT,
    config: { font: 'DejaVu Sans', view: { stroke: null } },
    data: { values: features },
    // Transverse Mercator on 2°W, the meridian of the Ordnance Survey National Grid:
    // England as on OS maps; with no scale given, vega fits it to the shapes and the frame.
    projection: { type: 'transverseMercator', rotate: [2, 0, 0] },
    // invalid: null keeps regions with no value (vega-lite would drop them); the colour condition greys them.
    mark: { type: 'geoshape', stroke: '#ffffff', strokeWidth: 0.8, invalid: null },
    encoding: {
      color: {
        condition: { test: 'datum.properties.value === null', value: NO_DATA_FILL },
        field: 'properties.value',
        type: 'quantitative',
        title: wrap(input.legendTitle, LEGEND_TITLE_CHARS),
        scale: colourScale(input.scheme ?? 'diverging', numbers),
        // Top left of the frame is the Irish Sea, west of Cumbria: the legend covers no region there.
        legend: { orient: 'top-left', direction: 'vertical', gradientLength: 150, labelFontSize: 11, titleFontSize: 11 },
      },
      tooltip: [
        { field: 'properties.name', type: 'nominal', title: 'Region' },
        { field: 'properties.display', type: 'nominal', title: input.legendTitle },
      ],
    },
  } as TopLevelSpec;
}
