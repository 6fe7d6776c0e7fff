import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers.js';

/**
 * Issue #15: mutation fuzzing of the shipped scenarios. Seeded and bounded in time: each mutation
 * of a shipped file is validated (and every twentieth that validates is also run, tiny), and every
 * outcome must be exit 0, or exit 2 with one line naming a file (with its line where there is one):
 * never an internal error, a stack trace or a hang.
 */
const BUDGET_MS = 90_000;
const MUTATIONS = 200;
const FILES = ['england/baseline.yaml', 'england/statutory-duty.yaml', 'england/funding-restoration.yaml', 'england/model.yaml', 'england/regions/regions.yaml'];

const rng = seedrandom.alea(process.env.EHSIM_FUZZ_SEED ?? 'ehsim-fuzz-15');
const pick = <T,>(xs: T[]): T => xs[Math.floor(rng() * xs.length)]!;
const EXTREMES = ['0', '-1', '1e308', '-1e308', '1e-320', 'NaN', '.inf', '-.inf', '12345678901234567890', '0.5', '2', 'null', '""', '[]', '{}', '~', 'true', '&x 1', '*x', '"2021-02-30"'];

/** One random edit of a YAML text: a number replaced, a line dropped, duplicated or cut, a key renamed, garbage inserted. */
function mutate(text: string): string {
  const lines = text.split('\n');
  const i = Math.floor(rng() * lines.length);
  const line = lines[i]!;
  switch (Math.floor(rng() * 7)) {
    case 0: {
      const nums = [...line.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)];
      if (nums.length) {
        const m = pick(nums);
        lines[i] = line.slice(0, m.index) + pick(EXTREMES) + line.slice(m.index! + m[0].length);
      }
      break;
    }
    case 1:
      lines.splice(i, 1);
      break;
    case 2:
      lines.splice(i, 0, line);
      break;
    case 3:
      lines[i] = line.slice(0, Math.floor(rng() * line.length));
      break;
    case 4:
      lines[i] = line.replace(/([A-Za-z_]+):/, (_, k: string) => `${k}${pick(['x', '', '_', 'Years'])}:`);
      break;
    case 5:
      lines[i] = line.replace(/: .*/, `: ${pick(EXTREMES)}`);
      break;
    default:
      lines.splice(i, 0, pick(['  - {', '\t', ']]', 'key: [1, 2', '- - -', '"unterminated', '? complex', '<<: *nope']));
  }
  return lines.join('\n');
}

describe('mutation fuzzing of the shipped scenarios', () => {
  it('every mutation ends in exit 0, or exit 2 with one line naming a file; never an internal error or a hang', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ehsim-fuzz-'));
    cpSync('scenarios', path.join(root, 'scenarios'), { recursive: true });
    const started = Date.now();
    const outcomes = { ok: 0, refused: 0, ran: 0 };
    let done = 0;
    for (; done < MUTATIONS && Date.now() - started < BUDGET_MS; done++) {
      const rel = pick(FILES);
      const file = path.join(root, 'scenarios', rel);
      const original = readFileSync(file, 'utf8');
      let text = original;
      for (let k = 1 + Math.floor(rng() * 3); k > 0; k--) text = mutate(text);
      writeFileSync(file, text);
      try {
        const target = rel.startsWith('england/regions') || rel.endsWith('model.yaml') ? 'england/baseline.yaml' : rel;
        const scenario = path.join(root, 'scenarios', target);
        const v = await cli(['validate', scenario]);
        const what = `mutation ${done} of ${rel}`;
        expect([0, 2], `${what}: ${v.err}`).toContain(v.code);
        expect(v.err, what).not.toMatch(/internal error|\n\s+at /);
        if (v.code === 2) {
          expect(v.err.trim().split('\n'), `${what}: ${v.err}`).toHaveLength(1);
          expect(v.err, what).toMatch(/^ehsim: \S+\.(yaml|json)(:\d+:\d+)?: /);
          outcomes.refused++;
        } else {
          outcomes.ok++;
          if (outcomes.ok % 20 === 0) {
            const r = await cli(['run', scenario, '--scale', '0.002', '-n', '1', '--workers', '1', '--out', path.join(root, `out-${done}`)]);
            expect([0, 2], `${what} (run): ${r.err}`).toContain(r.code);
            expect(r.err, `${what} (run)`).not.toMatch(/internal error|\n\s+at /);
            outcomes.ran++;
          }
        }
      } finally {
        writeFileSync(file, original);
      }
    }
    console.log(`fuzz: ${done} mutations in ${((Date.now() - started) / 1000).toFixed(0)} s: ${outcomes.ok} valid (${outcomes.ran} also run), ${outcomes.refused} refused with exit 2`);
    expect(done).toBeGreaterThanOrEqual(100);
  }, BUDGET_MS + 60_000);
});
