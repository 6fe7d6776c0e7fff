import {
  absDependencies,
  addDependencies,
  ceilDependencies,
  compileDependencies,
  create,
  divideDependencies,
  expDependencies,
  floorDependencies,
  logDependencies,
  maxDependencies,
  minDependencies,
  multiplyDependencies,
  parseDependencies,
  powDependencies,
  roundDependencies,
  sqrtDependencies,
  subtractDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  type FactoryFunctionMap,
  type MathNode,
} from 'mathjs/number';

/**
 * mathjs restricted to arithmetic on parameters: a whitelist of node types and
 * functions is checked on the parsed tree, so no assignment, no function
 * definition and no access to anything outside the scope is possible.
 * Formulas are compiled and evaluated once per run, never per event. The instance holds only
 * the parser and the whitelisted functions: the compiled copy (bin/build.js) bundles just those,
 * so a process loads mathjs in tens of milliseconds instead of half a second.
 */
const dependencies = {
  parseDependencies,
  compileDependencies,
  // The operators and functions a formula may use (the whitelists below), and nothing else.
  addDependencies,
  subtractDependencies,
  multiplyDependencies,
  divideDependencies,
  powDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  minDependencies,
  maxDependencies,
  expDependencies,
  logDependencies,
  sqrtDependencies,
  absDependencies,
  floorDependencies,
  ceilDependencies,
  roundDependencies,
};
for (const [name, d] of Object.entries(dependencies)) if (!d) throw new Error(`mathjs/number has no ${name}`);
const math = create(dependencies as Record<string, FactoryFunctionMap>);

const ALLOWED_FUNCTIONS = new Set(['min', 'max', 'exp', 'log', 'sqrt', 'pow', 'abs', 'floor', 'ceil', 'round']);
const ALLOWED_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

export interface ParsedFormula {
  readonly symbols: string[];
  evaluate(scope: Map<string, number>): number;
}

export class FormulaError extends Error {}

/** Parsed formulas by text: a formula is parsed and checked once per thread, however many times parameters are resolved (every PSA draw, every ramp step). */
const parsed = new Map<string, ParsedFormula>();
const PARSED_LIMIT = 10_000;

export function parseFormula(text: string): ParsedFormula {
  const known = parsed.get(text);
  if (known) return known;
  const formula = parseUncached(text);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, formula);
  return formula;
}

function parseUncached(text: string): ParsedFormula {
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (e) {
    throw new FormulaError(`cannot parse formula: ${(e as Error).message}`);
  }
  const symbols = new Set<string>();
  const visit = (n: MathNode, parent: MathNode | null): void => {
    switch (n.type) {
      case 'ConstantNode':
        if (typeof (n as unknown as { value: unknown }).value !== 'number') throw new FormulaError('only numeric constants are allowed in a formula');
        break;
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
        if (!isCallee) symbols.add(name);
        break;
      }
      case 'ParenthesisNode':
        break;
      case 'OperatorNode': {
        const fn = (n as unknown as { fn: string }).fn;
        if (!ALLOWED_OPERATORS.has(fn)) throw new FormulaError(`operator '${(n as unknown as { op: string }).op}' is not allowed in a formula (allowed: + - * / ^)`);
        break;
      }
      case 'FunctionNode': {
        const fnNode = (n as unknown as { fn: MathNode }).fn;
        const name = fnNode.type === 'SymbolNode' ? (fnNode as unknown as { name: string }).name : '?';
        if (!ALLOWED_FUNCTIONS.has(name)) throw new FormulaError(`function '${name}' is not allowed in a formula (allowed: ${[...ALLOWED_FUNCTIONS].join(', ')})`);
        break;
      }
      default:
        throw new FormulaError(`${n.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed in a formula (only arithmetic on parameters)`);
    }
    n.forEach((child) => visit(child, n));
  };
  visit(node, null);
  const compiled = node.compile();
  return {
    symbols: [...symbols],
    evaluate(scope) {
      const result = compiled.evaluate(new Map(scope)) as unknown;
      if (typeof result !== 'number') throw new FormulaError('formula did not give a number');
      return result;
    },
  };
}
