import type { Resource } from '../kernel/resource.js';
import type { Simulator } from '../kernel/simulator.js';
import type { ArrivalProcesses } from './arrivalProcesses.js';
import type { Children } from './children.js';
import type { YearAccounts } from './yearAccounts.js';

/** The mutable state of a replicate: what a fork copies (see Replicate.fork). */
export interface PathwayState {
  ch: Children;
  sim: Simulator;
  acc: YearAccounts;
  resources: (Resource | null)[];
  arrivals: ArrivalProcesses;
}
