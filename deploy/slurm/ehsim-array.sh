#!/bin/bash
# ehsim on Slurm: one array task per shard. Submit with deploy/slurm/submit.sh, which also queues
# the merge to run after every shard succeeds. ehsim reads SLURM_ARRAY_TASK_ID, _MIN, _STEP and
# _COUNT itself, so the array may start at any index or use a step (not an arbitrary list).
#SBATCH --job-name=ehsim-shard
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=logs/ehsim-shard-%A_%a.out
set -euo pipefail
cd "${EHSIM_DIR:-$SLURM_SUBMIT_DIR}"
export CI=true
npx ehsim compare scenarios/england/baseline.yaml scenarios/england/statutory-duty.yaml \
  scenarios/england/funding-restoration.yaml scenarios/england/duty-and-funding.yaml \
  --scale 1 --replicates 200 --seed 1 --workers "${SLURM_CPUS_PER_TASK:-2}" \
  --out "results/${SLURM_ARRAY_JOB_ID}/shard-${SLURM_ARRAY_TASK_ID}"
