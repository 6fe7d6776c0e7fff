#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.js';
import { onInterrupt } from './cli/interrupt.js';
import { setInterruptHandler } from './results/outputFolder.js';

setInterruptHandler(onInterrupt);

process.exitCode = await main(hideBin(process.argv));
