#!/bin/bash
# Submit the shard array, then a merge that runs only if every shard succeeded.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p logs results
array=$(sbatch --parsable deploy/slurm/ehsim-array.sh)
sbatch --dependency=afterok:"${array}" --job-name=ehsim-merge --output=logs/ehsim-merge-%j.out \
  --wrap "npx ehsim merge results/${array}/shard-* --out results/${array}/merged"
echo "shards: job ${array}; merged results will be in results/${array}/merged"
