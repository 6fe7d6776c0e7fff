import type { RunFolder } from '../outputs/readFolder.js';
import type { Table } from './table.js';

/**
 * The CHEERS 2022 checklist (Husereau et al., BMJ 2022;376:e067975; Value in Health
 * 2022;25(1):3-9): each of its 28 items with where this briefing answers it, or why it does not.
 */
export function cheersAppendix(run: RunFolder): Table {
  const s = run.summary!;
  const persp = (run.declarations.outcomes.perspectives ?? []).map((p) => p.label.toLowerCase()).join(', ') || "the council's";
  const psa = s.uncertainty ? `a ${s.uncertainty.draws}-draw PSA of ${s.uncertainty.parameters.length} parameters (summary.json: uncertainty)` : 'Monte Carlo replicates only (run with --psa N for parameter uncertainty)';
  const items: [string, string][] = [
    ['Title', 'Title: a comparison of policies with its own title (compare --title).'],
    ['Abstract', 'In short: what, how much, how sure.'],
    ['Background and objectives', 'Scenarios: each policy and what it changes; README and docs/model.md for the question.'],
    ['Health economic analysis plan', 'None registered. The analysis is what the command in Reproducibility ran; docs/analysis.md states every method in advance of any run.'],
    ['Study population', "Method: every child in England aged 0 to 17 who comes into contact with children's social care, simulated as a sample and scaled up."],
    ['Setting and location', `England, its nine regions (Headline tables, regional table and maps); ${run.manifest.years[0]} to ${run.manifest.years.at(-1)}.`],
    ['Comparators', `Scenarios: the baseline (${s.baseline}), today's policy including the Families First Partnership funding.`],
    ['Perspective', `Headline tables (economics by perspective): ${persp}; the council's is the main one.`],
    ['Time horizon', `Each policy from its start to ${run.manifest.years.at(-1)} (Key findings; summary.json: policies). Later effects, including lifetime ones, are left out except the lifetime social cost of care experience in the society perspective.`],
    ['Discount rate', `Key findings: ${s.appraisal.statement} Effects are discounted like costs.`],
    ['Selection of outcomes', 'Headline tables: re-referrals avoided (the cost-effectiveness effect), child in need episodes, child protection plans and care entries avoided, and costs to families (giving up, waiting).'],
    ['Measurement of outcomes', 'Method and Assumptions and sources: simulated counts, defined as DfE defines them (docs/model.md).'],
    ['Valuation of outcomes', 'Assumptions and sources: the social cost of need and of care experience (Alma Economics 2021, 2022) and other public services, with their distributions; no QALYs or wellbeing values.'],
    ['Measurement and valuation of resources and costs', "Assumptions and sources: every unit cost with its source, price year and distribution; docs/costs.md."],
    ['Currency, price date, and conversion', `Pounds sterling in ${s.price_year} prices, converted with the HM Treasury GDP deflator (Reproducibility; docs/costs.md).`],
    ['Rationale and description of model', 'Method: a discrete-event, Monte Carlo model of referral, assessment, early help, plans and care; docs/model.md and the model diagram.'],
    ['Analytics and assumptions', 'Method and Limitations; every parameter in Assumptions and sources; calibration and back-testing in docs/calibration.md and docs/validation.md.'],
    ['Characterising heterogeneity', 'Regional table and maps: effects per 10,000 children by region, with whether the regions can be told apart (Cochran Q).'],
    ['Characterising distributional effects', "Key findings: each policy's costs to families (more giving up waiting, more days waiting) and effects by region; no analysis by income or ethnicity."],
    ['Characterising uncertainty', `Key findings and Headline tables: ${psa}; Monte Carlo error reported apart; ehsim sensitivity gives the tornado, the frontier and EVPPI.`],
    ['Approach to engagement with patients and others affected by the study', 'None: no families, young people or practitioners shaped this analysis.'],
    ['Study parameters', 'Assumptions and sources: every parameter with value, unit, source and distribution.'],
    ['Summary of main results', 'Key findings and Headline tables: central estimates with 95% intervals, ICER (ratio of means), net monetary benefit.'],
    ['Effect of uncertainty', `Key findings: intervals from ${s.uncertainty ? 'parameters and simulation together' : 'Monte Carlo replicates'}; the frontier and EVPPI from ehsim sensitivity --psa (docs/analysis.md).`],
    ['Effect of engagement with patients and others affected by the study', 'None (see item 21).'],
    ['Study findings, limitations, generalisability, and current knowledge', 'Key findings and Limitations; docs/validation.md for the back-test against published figures.'],
    ['Source of funding', 'Not recorded by the tool: whoever runs and circulates the analysis should state it.'],
    ['Conflicts of interest', 'Not recorded by the tool: whoever runs and circulates the analysis should state them.'],
  ];
  return {
    caption: 'CHEERS 2022 checklist (Husereau et al. 2022): where this briefing answers each item',
    columns: ['Item', 'Topic', 'Where it is answered'],
    rows: items.map(([topic, where], i) => [String(i + 1), topic, where]),
    numeric: [0],
  };
}
