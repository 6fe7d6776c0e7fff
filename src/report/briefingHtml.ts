import type { Briefing, Table } from './briefing.js';
import { chartLibraries, jsonForScript } from './inlineLibraries.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#1b1b1b;max-width:62rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
.subtitle{color:#444;margin-top:0}.summary{font-size:1.1rem;line-height:1.5}.findings li{margin:.45rem 0}
table{border-collapse:collapse;margin:.6rem 0 1.4rem;font-size:.88rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right;white-space:nowrap}
figure{margin:1.5rem 0}figcaption{font-size:.85rem;color:#444}
.assumptions{font-size:.78rem}.assumptions td{max-width:26rem}
footer{margin-top:2.5rem;font-size:.78rem;color:#444;border-top:1px solid #ccc;padding-top:.6rem}footer td{border:none;padding:.1rem .6rem .1rem 0;word-break:break-all}
@media print{figure{break-inside:avoid}}
`;

function table(t: Table, cls = ''): string {
  const num = new Set(t.numeric);
  const head = t.columns.map((c, i) => `<th scope="col"${num.has(i) ? ' class="n"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${num.has(i) ? ' class="n"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * One self-contained HTML file: the charts are drawn in the browser by vega-embed, inlined
 * with vega and vega-lite, so it opens offline and fetches nothing (a CSP forbids it).
 */
export function briefingHtml(b: Briefing): string {
  const libs = chartLibraries();
  const figures = b.charts
    .map((c, i) => `<figure><div id="vis${i}" class="chart" role="img" aria-label="${escapeHtml(c.title)}"></div><figcaption>${escapeHtml(c.title)} (also <code>charts/${escapeHtml(c.name)}.svg</code>, <code>.png</code> and the vega-lite spec <code>.vl.json</code>)</figcaption></figure>`)
    .join('\n');
  const scenarios = b.scenarios
    .map(
      (s) =>
        `<li><strong>${escapeHtml(s.title)}</strong> (<code>${escapeHtml(s.name)}</code>)${s.description ? `: ${escapeHtml(s.description)}` : ''}${s.levers.length ? `<ul>${s.levers.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}</li>`,
    )
    .join('\n');
  const assumptions = b.assumptions
    .map(
      (a) =>
        `<tr><th scope="row"><code>${escapeHtml(a.parameter)}</code></th><td>${escapeHtml(a.value)}</td><td>${escapeHtml(a.unit)}</td><td>${escapeHtml(a.status)}</td><td>${escapeHtml(a.source)}${a.url ? ` (${escapeHtml(a.url)})` : ''}</td><td>${escapeHtml(a.uncertainty)}</td></tr>`,
    )
    .join('\n');
  const specs = jsonForScript(b.charts.map((c) => c.spec));
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(b.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(b.title)}</h1>
<p class="subtitle">${escapeHtml(b.subtitle)}</p>
</header>
<main>
${b.summary.length ? `<section id="summary"><h2>In short</h2>\n<p class="summary">${b.summary.map(escapeHtml).join(' ')}</p></section>` : ''}
<section id="findings"><h2>Key findings</h2>
<ul class="findings">
${b.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('\n')}
</ul></section>
<section id="scenarios"><h2>Scenarios</h2><ul>
${scenarios}
</ul></section>
<section id="headline"><h2>Headline tables</h2>
${b.tables.map((t) => table(t)).join('\n')}
</section>
<section id="charts"><h2>Charts</h2>
${figures}
</section>
<section id="method"><h2>Method</h2>
${b.method.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h3>Limitations</h3><ul>
${b.limitations.map((p) => `<li>${escapeHtml(p)}</li>`).join('\n')}
</ul></section>
<section id="assumptions"><h2>Assumptions and sources</h2>
<p>Every parameter of the baseline, with its value, unit, status and source, and the distribution that expresses its uncertainty.</p>
<table class="assumptions"><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th><th scope="col">Unit</th><th scope="col">Status</th><th scope="col">Source</th><th scope="col">Uncertainty</th></tr></thead><tbody>
${assumptions}
</tbody></table></section>
${b.appendix.length ? `<section id="appendix"><h2>Appendix</h2>\n${b.appendix.map((t) => table(t)).join('\n')}\n</section>` : ''}
</main>
<footer id="reproducibility"><h2>Reproducibility</h2><table><tbody>
${b.reproducibility.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
<tr><th scope="row">Charts drawn with</th><td>${libs.map((l) => `${escapeHtml(l.name)} ${escapeHtml(l.version)}`).join(', ')} (inlined)</td></tr>
</tbody></table></footer>
${libs.map((l) => `<script>/* ${l.name} ${l.version} */\n${l.code}\n</script>`).join('\n')}
<script>
(function () {
  var specs = ${specs};
  var done = specs.map(function (spec, i) {
    var el = document.getElementById('vis' + i);
    return vegaEmbed(el, spec, { actions: false, renderer: 'svg' }).then(function () { el.setAttribute('data-rendered', 'yes'); });
  });
  Promise.all(done).then(
    function () { document.body.setAttribute('data-charts-rendered', String(specs.length)); },
    function (e) { document.body.setAttribute('data-charts-rendered', 'error'); console.error(e); }
  );
})();
</script>
</body>
</html>
`;
}
