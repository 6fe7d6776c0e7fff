import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagramBlock, mermaidDiagram } from '../../src/model/mermaid.js';
import { prepareScenario } from '../../src/runs/prepare.js';

describe('docs/model.md', () => {
  const prepared = prepareScenario('scenarios/england/baseline.yaml');
  const doc = readFileSync('docs/model.md', 'utf8');

  it('holds exactly the diagram the CLI generates from the model file', () => {
    expect(doc, 'run: npx ehsim diagram scenarios/england/baseline.yaml --write docs/model.md').toContain(diagramBlock(mermaidDiagram(prepared.modelFile.def)));
  });

  it('explains every state and every parameter of the baseline', () => {
    for (const state of Object.keys(prepared.modelFile.def.states)) expect(doc, state).toContain(`**${state}**`);
    for (const name of prepared.parameters.keys()) expect(doc, name).toContain(`\`${name}\``);
  });
});

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  it('shows images that exist', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(() => readFileSync(img), img).not.toThrow();
  });
  it('describes what npm start really runs', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toMatch(/compare scenarios\/england\/baseline\.yaml .*statutory-duty\.yaml .*funding-restoration\.yaml .*duty-and-funding\.yaml/);
    for (const flag of start.match(/--\w+ \S+/g)!) expect(readme, flag).toContain(flag);
  });
});
