import { Kind, type CompiledState } from './compiledModel.js';

/** A mean spell shorter than this (in days, about a tenth of a second) counts as taking no time. */
export const NO_TIME_DAYS = 1e-6;

/** What the flow check reports: the states of a closed loop, and whether time passes in it. */
export interface TrappedLoop {
  states: string[];
  timeless: boolean;
}

/**
 * Finds a set of states that children can enter but never leave, other than by ageing out: no
 * transition, give-up, step-up or closure leads out of it. Such a loop either runs for ever without
 * the clock moving (every state in it takes no time: decisions, or spells and return delays whose
 * mean is under NO_TIME_DAYS), or, in a model without an age limit, keeps children for ever.
 * Returns the first such loop (in state order), or null. Only edges some child can take count.
 */
export function trappedLoop(states: CompiledState[], ageLimited: boolean): TrappedLoop | null {
  const { next, leaves } = edges(states);
  for (const scc of stronglyConnected(next)) {
    const inside = new Set(scc);
    const looped = scc.length > 1 || next[scc[0]!]!.includes(scc[0]!);
    if (!looped) continue;
    if (scc.some((s) => leaves[s] || next[s]!.some((t) => !inside.has(t)))) continue;
    const timeless = scc.every((s) => takesNoTime(states[s]!));
    if (!timeless && ageLimited) continue;
    return { states: scc.sort((a, b) => a - b).map((s) => states[s]!.name), timeless };
  }
  return null;
}

/** Each state's possible next states, and whether a child can leave the model from it. */
function edges(states: CompiledState[]): { next: number[][]; leaves: boolean[] } {
  // Where a pending return (drawn at a decision, carried by later states) can send a child.
  const returnTargets = [...new Set(states.filter((s) => s.returnTo >= 0).map((s) => s.returnTo))];
  const next = states.map((st) => {
    const out: number[] = [];
    const modified = st.transitions.some((t) => t.modifiers.length > 0);
    const stated = st.transitions.reduce((acc, t) => acc + (Number.isNaN(t.p) ? 0 : t.p), 0);
    for (const t of st.transitions) {
      // The transition without a probability takes what the others leave: possible when they can sum below 1.
      const possible = Number.isNaN(t.p) ? stated < 1 - 1e-12 || modified : t.p > 0;
      if (possible) out.push(t.to);
    }
    if (st.giveUpTo >= 0) out.push(st.giveUpTo);
    if (st.stepUp || (st.kind === Kind.Dormant && st.returnCarried)) out.push(...returnTargets);
    if (st.kind === Kind.Dormant && !st.returnCarried && st.returnTo >= 0 && st.returnP > 0) out.push(st.returnTo);
    return out;
  });
  // A closed case leaves the model unless its return is certain for every child.
  const leaves = states.map((st) => st.kind === Kind.Exit || (st.kind === Kind.Dormant && (st.returnCarried || st.returnP < 1 || st.returnModifiers.length > 0)));
  return { next, leaves };
}

function takesNoTime(st: CompiledState): boolean {
  if (st.kind === Kind.Decision) return true;
  if (st.kind === Kind.Dormant) return st.returnDelay !== null && st.returnDelay.mean < NO_TIME_DAYS;
  return st.duration !== null && st.duration.mean < NO_TIME_DAYS;
}

/** Strongly connected components (Tarjan), each a list of node indices. */
function stronglyConnected(next: number[][]): number[][] {
  const n = next.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of next[v]!) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
    }
    if (low[v] === index[v]) {
      const scc: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (let v = 0; v < n; v++) if (index[v] === -1) visit(v);
  return out;
}
