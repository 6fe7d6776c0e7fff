import type { ModelDef } from './modelFile.js';

/** A Mermaid state diagram of a model file: states, transitions, returns and give-ups, labelled with their parameters. */
export function mermaidDiagram(def: ModelDef): string {
  const lines = ['stateDiagram-v2'];
  const label = (s: string) => s.replace(/[:;]/g, ' ');
  for (const a of def.arrivals) lines.push(`    [*] --> ${a.to}: ${label(`${a.name} (${a.ratePerYear}/yr)`)}`);
  for (const [name, s] of Object.entries(def.states)) {
    const kind = s.kind === 'service' ? `service, ${s.places} places` : s.kind;
    lines.push(`    ${name}: ${label(`${name} (${kind})`)}`);
  }
  for (const [name, s] of Object.entries(def.states)) {
    for (const t of s.transitions ?? []) {
      const mods = t.modifiers?.length ? ` x ${t.modifiers.map((m) => m.multiply).join(' x ')}` : '';
      lines.push(`    ${name} --> ${t.to}: ${label(t.probability === undefined ? 'otherwise' : `${t.probability}${mods}`)}`);
    }
    if (s.onGiveUp) lines.push(`    ${name} --> ${s.onGiveUp.to}: gives up while waiting`);
    if (s.return) lines.push(`    ${name} --> ${s.return.to}: ${label(`re-referral ${s.return.probability}`)}`);
    if (s.kind === 'exit') lines.push(`    ${name} --> [*]`);
  }
  if (def.ageOut) lines.push(`    note right of ${def.ageOut.to}: every child leaves any state at ${def.ageLimitYears ?? 18}`);
  return lines.join('\n') + '\n';
}
