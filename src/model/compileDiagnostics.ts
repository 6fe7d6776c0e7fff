import type { At, CompileContext } from './compileContext.js';
import { ageBandLabel, ALL_CLOSURES, DIAGNOSTICS, EH_ARMS, EH_RATIOS, type CompiledDiagnostics, type DiagnosticName } from './diagnosticsDeclarations.js';
import type { ModelDef } from './modelFile.js';

/** Row groups the code names itself (the rest come from the model file's labels). */
export const FIXED_GROUPS: Record<string, readonly string[]> = {
  referrals_per_child: ['in year', 'lifetime'],
  rereferral_share_top_children: ['children with a complete history'],
  repeat_child_protection: ['child protection plan starts'],
  care_episode_mean_days: ['completed episodes'],
};

/**
 * The `diagnostics:` block as tables: every state and group it names must exist (an unknown
 * one is an error at its line), and each comparator must name a diagnostic and a group the
 * diagnostics write. Null when the model declares no diagnostics.
 */
export function compileDiagnostics(def: ModelDef, cx: CompileContext): CompiledDiagnostics | null {
  const d = def.diagnostics;
  if (!d) return null;
  const n = cx.stateNames.length;
  const at = (...p: At): At => ['diagnostics', ...p];
  const groupStates = (name: string, where: At): number[] => {
    const g = def.groups?.[name];
    if (!g) throw cx.error(where, `unknown group '${name}' (groups: ${Object.keys(def.groups ?? {}).join(', ')})`);
    return g.states.map((s) => cx.stateIndex.get(s)!);
  };
  const member = (states: number[]) => {
    const m = new Uint8Array(n);
    for (const s of states) m[s] = 1;
    return m;
  };

  const isReferral = member(d.referral.map((s, i) => cx.stateRef(s, at('referral', i))));
  const closureOf = new Int8Array(n).fill(-1);
  const closureFrom = new Int16Array(n).fill(-1);
  if (d.closures.length > 100) throw cx.error(at('closures'), 'at most 100 closures');
  d.closures.forEach((c, i) => {
    const s = cx.stateRef(c.state, at('closures', i, 'state'));
    if (closureOf[s]! >= 0) throw cx.error(at('closures', i, 'state'), `state '${c.state}' is already a closure (each state may be named once)`);
    closureOf[s] = i;
    if (c.from !== undefined) closureFrom[s] = cx.stateRef(c.from, at('closures', i, 'from'));
  });
  const eh = d.earlyHelp && {
    decision: cx.stateRef(d.earlyHelp.decision, at('earlyHelp', 'decision')),
    stepDown: cx.stateRef(d.earlyHelp.stepDown, at('earlyHelp', 'stepDown')),
    noService: cx.stateRef(d.earlyHelp.noService, at('earlyHelp', 'noService')),
    completed: d.earlyHelp.completed === undefined ? -1 : cx.stateRef(d.earlyHelp.completed, at('earlyHelp', 'completed')),
  };
  const stages = d.cohort?.stages ?? [];
  if (stages.length > 8) throw cx.error(at('cohort', 'stages'), 'at most 8 stages');
  const stageMask = new Uint8Array(n);
  stages.forEach((st, k) => {
    const where = at('cohort', 'stages', k);
    if ((st.states === undefined) === (st.group === undefined)) throw cx.error(where, "a stage names either 'states' or 'group'");
    const states = st.group !== undefined ? groupStates(st.group, [...where, 'group']) : st.states!.map((s, i) => cx.stateRef(s, [...where, 'states', i]));
    for (const s of states) stageMask[s]! |= 1 << k;
  });
  const cohortSize = d.cohort ? cx.nonNegative(cx.num(d.cohort.size, at('cohort', 'size')), at('cohort', 'size')) : NaN;
  const bands = d.care?.ageBands ?? [];
  bands.forEach((b, i) => {
    if (i === 0 ? b !== 0 : !(b > bands[i - 1]!)) throw cx.error(at('care', 'ageBands', i), 'age bands start at 0 and increase');
  });
  const exitLabels = new Map((d.care?.exits ?? []).map((e, i) => [cx.stateRef(e.state, at('care', 'exits', i, 'state')), e.label] as const));
  const compiled: CompiledDiagnostics = {
    isReferral,
    closureOf,
    closureFrom,
    closureLabels: d.closures.map((c) => c.label),
    earlyHelp: eh ?? null,
    stageMask,
    stageLabels: stages.map((s) => s.label),
    cohortAges: d.cohort?.ages ?? [],
    cohortSize,
    inCp: d.childProtection !== undefined ? member(groupStates(d.childProtection, at('childProtection'))) : null,
    inCare: d.care ? member(groupStates(d.care.group, at('care', 'group'))) : null,
    ageBands: bands,
    exitLabels,
    comparators: [],
  };
  const groups = knownGroups(compiled);
  compiled.comparators = (d.comparators ?? []).map((c, i) => {
    const known = groups.get(c.diagnostic as DiagnosticName);
    if (!known) throw cx.error(at('comparators', i, 'diagnostic'), `unknown diagnostic '${c.diagnostic}' (diagnostics: ${DIAGNOSTICS.join(', ')})`);
    if (!known.includes(c.group)) throw cx.error(at('comparators', i, 'group'), `'${c.diagnostic}' has no group '${c.group}' (groups: ${known.join('; ')})`);
    return { diagnostic: c.diagnostic, group: c.group, x: c.x === undefined ? '' : String(c.x), value: c.value, source: c.source };
  });
  return compiled;
}

/** The groups each diagnostic writes (care exits by route may add undeclared destinations, named by state). */
function knownGroups(c: CompiledDiagnostics): Map<DiagnosticName, string[]> {
  const bands = c.ageBands.map((_, i) => ageBandLabel(c.ageBands, i));
  return new Map<DiagnosticName, string[]>([
    ['rereferral_after_closure', [...c.closureLabels, ALL_CLOSURES]],
    ...Object.entries(FIXED_GROUPS).map(([k, v]) => [k as DiagnosticName, [...v]] as [DiagnosticName, string[]]),
    ['cohort_ever_before_age', c.stageLabels],
    ['care_starts_by_age', bands],
    ['care_stock_by_age', bands],
    ['care_exits_by_age', bands],
    ['care_exits_by_route', [...c.exitLabels.values()]],
    ['early_help_effect', [...EH_ARMS, ...EH_RATIOS]],
  ]);
}
