import { checkSchema } from './schemaCheck.js';
import { readSourceFile } from './sourceFile.js';
import { sha256 } from './loadScenario.js';

export interface GroupsFile {
  file: string;
  sha256: string;
  groups: { name: string; parameters: string[]; why: string }[];
}

/**
 * Reads a parameter-groups file (schemas/parameter-groups.schema.json) for EVPPI: every parameter
 * must be one the PSA varies, and appear once within its group.
 */
export function loadGroups(file: string, varied: string[]): GroupsFile {
  const source = readSourceFile(file);
  checkSchema(source, 'parameter-groups');
  const d = source.data as { groups: Record<string, { parameters: string[]; why: string }> };
  const groups = Object.entries(d.groups).map(([name, g]) => {
    g.parameters.forEach((p, i) => {
      if (!varied.includes(p)) throw source.error(['groups', name, 'parameters', i], `'${p}' is not one of the parameters being varied (${varied.join(', ')})`);
      if (g.parameters.indexOf(p) !== i) throw source.error(['groups', name, 'parameters', i], `'${p}' is listed twice in this group`);
    });
    return { name, parameters: g.parameters, why: g.why };
  });
  return { file, sha256: sha256(source.text), groups };
}
