import type { Briefing, Table } from './briefing.js';

/** Text safe in Markdown: HTML-significant characters as entities, table pipes escaped, one line (a line break in a description must not start a heading or a list). */
export function escapeMarkdown(s: string): string {
  return escapeMarkdownCell(s.replace(/([\\`*_[\]])/g, '\\$1')).replace(/>/g, '&gt;');
}

/** Text safe in a Markdown table cell that may hold code spans: no HTML tag or entity (& and < as entities), pipes escaped, on one line. */
export function escapeMarkdownCell(s: string): string {
  return s
    .replace(/\r?\n\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|');
}

function table(t: Table): string {
  const num = new Set(t.numeric);
  return [
    `**${escapeMarkdown(t.caption)}**`,
    '',
    `| ${t.columns.map(escapeMarkdown).join(' | ')} |`,
    `| ${t.columns.map((_, i) => (num.has(i) ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(escapeMarkdown).join(' | ')} |`),
  ].join('\n');
}

/** The briefing as Markdown with the PNG charts, for pasting into documents. */
export function briefingMarkdown(b: Briefing): string {
  const parts = [
    `# ${escapeMarkdown(b.title)}`,
    '',
    `_${escapeMarkdown(b.subtitle)}_`,
    '',
    ...(b.summary.length ? ['## In short', '', escapeMarkdown(b.summary.join(' ')), ''] : []),
    '## Key findings',
    '',
    ...b.findings.map((f) => `- ${escapeMarkdown(f)}`),
    '',
    '## Scenarios',
    '',
    ...b.scenarios.flatMap((s) => [`- **${escapeMarkdown(s.title)}** (\`${s.name}\`)${s.description ? `: ${escapeMarkdown(s.description)}` : ''}`, ...s.levers.map((l) => `  - ${escapeMarkdown(l)}`)]),
    '',
    '## Headline tables',
    '',
    ...b.tables.flatMap((t) => [table(t), '']),
    '## Charts',
    '',
    ...b.charts.flatMap((c) => [`![${escapeMarkdown(c.title)}](charts/${c.name}.png)`, '']),
    '## Method',
    '',
    ...b.method.flatMap((p) => [escapeMarkdown(p), '']),
    '### Limitations',
    '',
    ...b.limitations.map((p) => `- ${escapeMarkdown(p)}`),
    '',
    '## Assumptions and sources',
    '',
    table({
      caption: 'Every parameter of the baseline',
      columns: ['Parameter', 'Value', 'Unit', 'Status', 'Source', 'Uncertainty'],
      rows: b.assumptions.map((a) => [a.parameter, a.value, a.unit, a.status, a.url ? `${a.source} (${a.url})` : a.source, a.uncertainty]),
      numeric: [],
    }),
    '',
    ...(b.appendix.length ? ['## Appendix', '', ...b.appendix.flatMap((t) => [table(t), ''])] : []),
    '## Reproducibility',
    '',
    ...b.reproducibility.map(([k, v]) => `- ${escapeMarkdown(k)}: ${escapeMarkdown(v)}`),
    '',
  ];
  return parts.join('\n');
}
