import type { YearGrid } from '../model/calendar.js';
import { BIRTH_DAY, STATE } from '../model/childLayout.js';
import { DAYS_PER_YEAR, type CompiledModel } from '../model/compiledModel.js';
import type { CompiledDiagnostics } from '../model/diagnosticsDeclarations.js';
import type { Children } from './children.js';
import { diagnosticsLayout, EH_FIELDS, HIST_MAX, type DiagnosticsLayout } from './diagnosticsLayout.js';
import type { ChildObserver } from './observer.js';

const INITIAL = 1, STEPPED_DOWN = 2;
const CARE_12 = 1, CARE_24 = 2, REREF_12 = 4;
const YEAR = 365, TWO_YEARS = 730;

/**
 * Counts what `run --diagnostics` reports while a replicate runs, from every child's events:
 * re-referral after closure (by whole day, for Kaplan-Meier), referrals per child, the share of
 * a birth cohort ever in each stage, repeat CP plans, care by age and route, and the early-help
 * comparison. Per child it keeps a few numbers in typed arrays indexed by slot (reset when a
 * slot is reused); the counts cover the reported years (see docs/outputs.md).
 */
export class DiagnosticsObserver implements ChildObserver {
  readonly layout: DiagnosticsLayout;
  readonly counts: Float64Array;
  private readonly d: CompiledDiagnostics;
  private readonly start: number;
  private readonly end: number;
  private readonly bounds: number[];
  private readonly ageLimitDays: number;
  private cap = 0;
  private birth = new Float64Array(0);
  private flags = new Uint8Array(0);
  private referrals = new Uint16Array(0);
  private refYear = new Int16Array(0);
  private cpStarts = new Uint8Array(0);
  private careEntry = new Float64Array(0);
  private kmOrigin = new Float64Array(0);
  private kmType = new Int8Array(0);
  /** Two early-help records per child: [2 * slot] from the closure decision, [2 * slot + 1] from completing early help. */
  private ehOrigin = new Float64Array(0);
  private ehArm = new Int8Array(0);
  private ehFlags = new Uint8Array(0);
  /** [slot * stages + stage]: the day the child first entered the stage (NaN: never). */
  private firstEntry = new Float64Array(0);
  private lastDay = -Infinity;

  constructor(model: CompiledModel, grid: YearGrid) {
    this.d = model.diagnostics!;
    this.layout = diagnosticsLayout(this.d, model.states.length);
    this.counts = new Float64Array(this.layout.size);
    this.bounds = grid.bounds;
    this.start = grid.bounds[0]!;
    this.end = grid.bounds.at(-1)!;
    this.ageLimitDays = model.ageLimitDays;
  }

  observes(): boolean {
    return true;
  }

  consider(id: number, ch: Children): void {
    if (id >= this.cap) this.grow(Math.max(ch.capacity, id + 1));
    this.birth[id] = ch.f[id * ch.stride + BIRTH_DAY]!;
    this.flags[id] = 0;
    this.referrals[id] = 0;
    this.refYear[id] = -1;
    this.cpStarts[id] = 0;
    this.careEntry[id] = NaN;
    this.kmType[id] = -1;
    this.ehArm[2 * id] = -1;
    this.ehArm[2 * id + 1] = -1;
    const S = this.layout.stages;
    this.firstEntry.fill(NaN, id * S, (id + 1) * S);
  }

  record(id: number, t: number, event: string, from: number, to: number): void {
    this.lastDay = t;
    if (to < 0 || event === 'service-start') return;
    const d = this.d;
    const c = this.counts;
    const L = this.layout;
    const inWindow = t >= this.start && t < this.end;
    if (event === 'initial') this.flags[id]! |= INITIAL;
    const eh = d.earlyHelp;
    if (eh !== null && from === eh.stepDown && to !== from) {
      if (event === 'complete' && this.flags[id]! & STEPPED_DOWN && (eh.completed < 0 || to === eh.completed)) this.openEarlyHelp(2 * id + 1, 2, t, id);
      this.flags[id]! &= ~STEPPED_DOWN;
    }
    if (d.isReferral[to]) {
      const k = this.kmType[id]!;
      if (k >= 0) this.km(L.kmEvents, k, t - this.kmOrigin[id]!);
      this.kmType[id] = -1;
      if (this.referrals[id]! < 65535) this.referrals[id]!++;
      if (inWindow) {
        c[L.referralsInWindow]!++;
        const y = this.yearOf(t);
        if (this.refYear[id] !== y) {
          c[L.childReferralYears]!++;
          this.refYear[id] = y;
        }
      }
      for (let i = 2 * id; i <= 2 * id + 1; i++) if (this.ehArm[i]! >= 0 && t - this.ehOrigin[i]! <= YEAR) this.ehFlags[i]! |= REREF_12;
    }
    const closure = d.closureOf[to]!;
    if (closure >= 0 && (d.closureFrom[to]! < 0 || d.closureFrom[to] === from)) {
      const k = this.kmType[id]!;
      if (k >= 0) this.km(L.kmCensored, k, t - this.kmOrigin[id]!);
      this.kmType[id] = inWindow ? closure : -1;
      this.kmOrigin[id] = t;
    }
    const mask = d.stageMask[to]!;
    if (mask !== 0) {
      const b = id * L.stages;
      for (let k = 0; k < L.stages; k++) if (mask & (1 << k) && Number.isNaN(this.firstEntry[b + k]!)) this.firstEntry[b + k] = t;
    }
    if (d.inCp !== null && d.inCp[to] && !(from >= 0 && d.inCp[from])) {
      if (this.cpStarts[id]! < 255) this.cpStarts[id]!++;
      if (inWindow) {
        c[L.cpStarts]!++;
        if (this.cpStarts[id]! >= 2) c[L.cpRepeats]!++;
      }
    }
    if (d.inCare !== null) {
      const was = from >= 0 && d.inCare[from] === 1;
      const now = d.inCare[to] === 1;
      if (now && !was) this.careStarts(id, t, inWindow);
      else if (was && !now) this.careEnds(id, t, to, inWindow);
    }
    if (eh !== null && from === eh.decision) {
      if (to === eh.stepDown) {
        this.flags[id]! |= STEPPED_DOWN;
        this.openEarlyHelp(2 * id, 0, t, id);
      } else if (to === eh.noService) this.openEarlyHelp(2 * id, 1, t, id);
    }
  }

  forget(id: number): void {
    const k = this.kmType[id]!;
    // A child who leaves is known not to be referred again before 18 (or the end of the run).
    if (k >= 0) this.km(this.layout.kmCensored, k, Math.min(this.birth[id]! + this.ageLimitDays, this.end) - this.kmOrigin[id]!);
    this.kmType[id] = -1;
    for (let i = 2 * id; i <= 2 * id + 1; i++) this.closeEarlyHelp(i);
    if (!Number.isNaN(this.careEntry[id]!)) this.census(id, this.lastDay);
    this.careEntry[id] = NaN;
    const n = this.referrals[id]!;
    if (!(this.flags[id]! & INITIAL) && n > 0 && this.lastDay >= this.start && this.lastDay < this.end) {
      const L = this.layout;
      this.counts[L.completedReferred]!++;
      this.counts[L.completedReferrals]! += n;
      this.counts[L.rerefHistogram + Math.min(n - 1, HIST_MAX)]!++;
    }
    this.cohort(id);
  }

  /** At the end of the run: children still in the model are censored there, and counted in their cohorts and census. */
  finish(ch: Children): Float64Array {
    this.counts[this.layout.replicates] = 1;
    for (let id = 0; id < ch.size; id++) {
      if (ch.f[id * ch.stride + STATE]! < 0) continue;
      const k = this.kmType[id]!;
      if (k >= 0) this.km(this.layout.kmCensored, k, this.end - this.kmOrigin[id]!);
      this.kmType[id] = -1;
      for (let i = 2 * id; i <= 2 * id + 1; i++) this.closeEarlyHelp(i);
      if (!Number.isNaN(this.careEntry[id]!)) this.census(id, Infinity);
      this.careEntry[id] = NaN;
      this.cohort(id);
    }
    return this.counts;
  }

  private km(base: number, type: number, days: number): void {
    const bins = this.layout.kmBins;
    this.counts[base + type * bins + Math.min(Math.max(0, Math.floor(days)), bins - 1)]!++;
  }

  private yearOf(t: number): number {
    let y = 0;
    while (t >= this.bounds[y + 1]!) y++;
    return y;
  }

  private band(days: number): number {
    const age = days / DAYS_PER_YEAR;
    const bands = this.d.ageBands;
    let i = bands.length - 1;
    while (i > 0 && age < bands[i]!) i--;
    return i;
  }

  private careStarts(id: number, t: number, inWindow: boolean): void {
    this.careEntry[id] = t;
    if (inWindow) this.counts[this.layout.careStarts + this.band(t - this.birth[id]!)]!++;
    for (let i = 2 * id; i <= 2 * id + 1; i++) {
      if (this.ehArm[i]! < 0) continue;
      const dt = t - this.ehOrigin[i]!;
      if (dt <= YEAR) this.ehFlags[i]! |= CARE_12;
      if (dt <= TWO_YEARS) this.ehFlags[i]! |= CARE_24;
    }
  }

  private careEnds(id: number, t: number, to: number, inWindow: boolean): void {
    const L = this.layout;
    this.census(id, t);
    if (inWindow) {
      this.counts[L.careExitsByAge + this.band(t - this.birth[id]!)]!++;
      this.counts[L.careExitsTo + to]!++;
      this.counts[L.careEpisodes]!++;
      this.counts[L.careEpisodeDays]! += t - this.careEntry[id]!;
    }
    this.careEntry[id] = NaN;
  }

  /** A care spell from careEntry to `until`: counted in the stock at each reported 31 March it spans. */
  private census(id: number, until: number): void {
    const entry = this.careEntry[id]!;
    for (let y = 1; y < this.bounds.length; y++) {
      const b = this.bounds[y]!;
      if (entry <= b && b < until) this.counts[this.layout.careStock + this.band(b - this.birth[id]!)]!++;
    }
  }

  /** A child reaching each cohort age in the reported years: counted in each stage it entered before that age. */
  private cohort(id: number): void {
    const L = this.layout;
    const ages = this.d.cohortAges;
    for (let a = 0; a < ages.length; a++) {
      const day = this.birth[id]! + ages[a]! * DAYS_PER_YEAR;
      if (day < this.start || day >= this.end) continue;
      for (let k = 0; k < L.stages; k++) if (this.firstEntry[id * L.stages + k]! < day) this.counts[L.cohort + k * L.ages + a]!++;
    }
  }

  /**
   * Opens early-help record i (arm 0 stepped down, 1 no service, 2 completed) at t, if the child
   * has two years to follow inside the run and before the age limit. A record still within its
   * two years keeps the child (intention to treat: the first origin counts).
   */
  private openEarlyHelp(i: number, arm: number, t: number, id: number): void {
    if (this.ehArm[i]! >= 0) {
      if (t - this.ehOrigin[i]! <= TWO_YEARS) return;
      this.closeEarlyHelp(i);
    }
    if (t < this.start || t + TWO_YEARS > this.end || t + TWO_YEARS > this.birth[id]! + this.ageLimitDays) return;
    this.ehArm[i] = arm;
    this.ehOrigin[i] = t;
    this.ehFlags[i] = 0;
  }

  private closeEarlyHelp(i: number): void {
    const arm = this.ehArm[i]!;
    if (arm < 0) return;
    const o = this.layout.earlyHelp + arm * EH_FIELDS;
    const f = this.ehFlags[i]!;
    const c = this.counts;
    c[o]!++;
    if (f & CARE_12) c[o + 1]!++;
    if (f & CARE_24) c[o + 2]!++;
    if (f & REREF_12) c[o + 3]!++;
    this.ehArm[i] = -1;
  }

  private grow(n: number): void {
    const S = this.layout.stages;
    const grown = <T extends Float64Array | Uint8Array | Uint16Array | Int16Array | Int8Array>(a: T, per: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n * per);
      b.set(a);
      return b;
    };
    this.birth = grown(this.birth, 1);
    this.flags = grown(this.flags, 1);
    this.referrals = grown(this.referrals, 1);
    this.refYear = grown(this.refYear, 1);
    this.cpStarts = grown(this.cpStarts, 1);
    this.careEntry = grown(this.careEntry, 1);
    this.kmOrigin = grown(this.kmOrigin, 1);
    this.kmType = grown(this.kmType, 1);
    this.ehOrigin = grown(this.ehOrigin, 2);
    this.ehArm = grown(this.ehArm, 2);
    this.ehFlags = grown(this.ehFlags, 2);
    this.firstEntry = grown(this.firstEntry, S);
    this.cap = n;
  }
}
