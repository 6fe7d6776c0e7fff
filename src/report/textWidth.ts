import { createRequire } from 'node:module';
import path from 'node:path';
import opentype from 'opentype.js';
import * as vega from 'vega';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: opentype.Font; bold: opentype.Font } | null = null;

/** The fonts charts are drawn in, read once. */
function loaded() {
  fonts ??= { regular: opentype.loadSync(path.join(fontDir, 'DejaVuSans.ttf')), bold: opentype.loadSync(path.join(fontDir, 'DejaVuSans-Bold.ttf')) };
  return fonts;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/**
 * Text widths from the font's own advance widths (DejaVu Sans, what resvg draws with). Without a
 * canvas, vega guesses 0.8 em a character, about a third too wide for this font, so long titles
 * and legends made charts wider than what they draw: a blank band down the right of the PNG.
 */
export function measureText(item: TextItem, text?: unknown): number {
  const value = String(text ?? item.text ?? '').trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  if (!value || size <= 0) return 0;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  return (bold ? loaded().bold : loaded().regular).getAdvanceWidth(value, size);
}

/** Makes vega measure text with measureText (once per process). */
export function useFontMetrics(): void {
  (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = measureText;
}
