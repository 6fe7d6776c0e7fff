import type { Shard, StoredReplicate } from '../outputs/shardFolder.js';
import { argumentError } from '../scenario/inputError.js';

export type { Shard };

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

/**
 * Which shard this process runs: `--shard k/n` first, then EHSIM_SHARD_INDEX/COUNT,
 * Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX with EHSIM_SHARD_COUNT), Slurm
 * job arrays (SLURM_ARRAY_TASK_ID, _MIN, _STEP, _COUNT) and AWS Batch array jobs
 * (AWS_BATCH_JOB_ARRAY_INDEX, _SIZE). Null when none applies (the whole run).
 */
export function resolveShard(flag: unknown, env: NodeJS.ProcessEnv): Shard | null {
  if (flag !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(String(flag).trim());
    if (!m) throw argumentError(`--shard must be k/n with 0 <= k < n (for example 0/4), got '${flag}'`);
    return check(Number(m[1]), Number(m[2]), '--shard');
  }
  const ehIndex = int(env.EHSIM_SHARD_INDEX);
  const ehCount = int(env.EHSIM_SHARD_COUNT);
  if (ehIndex !== undefined && ehCount !== undefined) return check(ehIndex, ehCount, 'EHSIM_SHARD_INDEX/EHSIM_SHARD_COUNT');
  const k8s = int(env.JOB_COMPLETION_INDEX);
  if (k8s !== undefined) {
    if (ehCount === undefined) throw argumentError('JOB_COMPLETION_INDEX is set: set EHSIM_SHARD_COUNT to the Job\'s completions (Kubernetes does not expose it)');
    return check(k8s, ehCount, 'JOB_COMPLETION_INDEX/EHSIM_SHARD_COUNT');
  }
  const slurmId = int(env.SLURM_ARRAY_TASK_ID);
  if (slurmId !== undefined) {
    const min = int(env.SLURM_ARRAY_TASK_MIN) ?? 0;
    const step = int(env.SLURM_ARRAY_TASK_STEP) ?? 1;
    const count = int(env.SLURM_ARRAY_TASK_COUNT);
    if (count === undefined || step < 1 || (slurmId - min) % step !== 0) {
      throw argumentError('Slurm array indices are not a regular range (min, step, count); pass --shard k/n explicitly');
    }
    return check((slurmId - min) / step, count, 'SLURM_ARRAY_TASK_*');
  }
  const aws = int(env.AWS_BATCH_JOB_ARRAY_INDEX);
  if (aws !== undefined) {
    const size = int(env.AWS_BATCH_JOB_ARRAY_SIZE);
    if (size === undefined) throw argumentError('AWS_BATCH_JOB_ARRAY_INDEX is set without AWS_BATCH_JOB_ARRAY_SIZE');
    return check(aws, size, 'AWS_BATCH_JOB_ARRAY_*');
  }
  return null;
}

function check(index: number, count: number, from: string): Shard {
  if (!(count >= 1 && index >= 0 && index < count)) throw argumentError(`${from}: shard ${index} of ${count} is not valid (need 0 <= index < count)`);
  return { index, count, from };
}

/** The replicates a shard runs: r with r mod count = index. */
export function shardReplicates(replicates: number, shard: Shard | null): number[] {
  return Array.from({ length: replicates }, (_, r) => r).filter((r) => !shard || r % shard.count === shard.index);
}

/** What a shard run prints: its replicates and how to merge. */
export function shardMessage(shard: Shard, stored: StoredReplicate[], out: string): string {
  const reps = [...new Set(stored.map((s) => s.replicate))];
  return `Shard ${shard.index} of ${shard.count} (from ${shard.from}): replicates ${reps.join(', ') || 'none'}. Wrote ${out}/; combine the shards with 'ehsim merge <shard dirs> --out DIR'.`;
}
