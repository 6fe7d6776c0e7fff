import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagramBlock, mermaidDiagram } from '../../src/model/mermaid.js';
import { prepareScenario } from '../../src/pipeline.js';

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
