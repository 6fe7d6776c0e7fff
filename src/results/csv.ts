/** Formats a number the same way on every machine: up to 10 significant digits, no exponent for ordinary values; NaN as empty. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(10)));
}

function cell(v: string | number): string {
  if (typeof v === 'number') return formatNumber(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(values: (string | number)[]): string {
  return values.map(cell).join(',') + '\n';
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
