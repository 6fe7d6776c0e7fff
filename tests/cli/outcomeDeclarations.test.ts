import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

describe("the model file's outcome declarations", () => {
  it('renaming a counter the outcomes name is a validate error at the declaration (it used to fail only in compare)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-outcomes-'));
    cpSync('scenarios', path.join(tmp, 'scenarios'), { recursive: true });
    const model = path.join(tmp, 'scenarios', 'england', 'model.yaml');
    const text = readFileSync(model, 'utf8');
    // Rename the counter and the derived metric that reads it, as an analyst would, but not the declarations.
    const renamed = text.replace('rereferralCount: rereferrals_12m', 'rereferralCount: rereferrals_within_12m').replace('rereferral_rate_12m: rereferrals_12m /', 'rereferral_rate_12m: rereferrals_within_12m /');
    expect(renamed).not.toBe(text);
    writeFileSync(model, renamed);
    const declared = renamed.split('\n').findIndex((l) => l.includes('metric: rereferrals_12m')) + 1;
    const { code, err } = await runCli(['validate', path.join(tmp, 'scenarios', 'england', 'baseline.yaml')]);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`model\\.yaml:${declared}:\\d+: outcomes\\.effects\\.0\\.metric: unknown metric 'rereferrals_12m'`));
  });
});
