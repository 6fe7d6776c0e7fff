#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.js';
import { onInterrupt } from './cli/interrupt.js';
import { setInterruptHandler } from './outputs/folder.js';
import { workersPeakMb } from './runs/pool.js';

setInterruptHandler(onInterrupt);

process.exitCode = await main(hideBin(process.argv));
// For the benchmarks: the peak resident memory of this process and its worker processes (the sum of each one's peak: an upper bound).
if (process.env.EHSIM_REPORT_RSS) process.stdout.write(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024 + workersPeakMb)} MB\n`);
