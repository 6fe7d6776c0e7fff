import { mermaidDiagram, writeDiagramInto } from '../model/mermaid.js';
import { modelDefinitionOf } from '../runs/prepare.js';

/** `ehsim diagram <file> [--write FILE]`: the Mermaid state diagram of a model, printed or written into a Markdown file. */
export function diagramCommand(args: { file: string; write?: string }, print: (s: string) => void): void {
  const diagram = mermaidDiagram(modelDefinitionOf(args.file));
  if (args.write) {
    writeDiagramInto(args.write, diagram);
    print(`Updated the diagram in ${args.write}`);
  } else print(diagram.trimEnd());
}
