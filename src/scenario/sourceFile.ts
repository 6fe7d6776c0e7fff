import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from './inputError.js';

/** A parsed YAML or JSON file that can say where any field came from. */
export interface SourceFile {
  /** Path as the user gave it (relative paths stay relative for messages). */
  readonly file: string;
  readonly absolutePath: string;
  readonly text: string;
  readonly data: unknown;
  /** Line and column (1-based) of the value at `at`, or of its key when `key` is true. */
  locate(at: ReadonlyArray<string | number>, key?: boolean): { line: number; col: number };
  /** An InputError located at a field. */
  error(at: ReadonlyArray<string | number>, message: string, key?: boolean): InputError;
}

/** Reads and parses a scenario, model or target file; every problem becomes an InputError. */
const parsed = new Map<string, SourceFile>();
const MAX_CACHED = 64;

/**
 * Every input file's text as this command first read it (absolute path -> text). A command reads
 * each file once: later reads, and the worker processes (handed this snapshot), see the same bytes, so
 * editing a file during a run changes neither the results nor the hashes the manifest records.
 */
const snapshot = new Map<string, string>();
/** The largest input file read (the largest shipped, the population by age, is well under 1 MiB). */
const MAX_INPUT_BYTES = 16 * 2 ** 20;
/** Only while a command runs (and in its workers): a library caller reads files as they are. */
let active = false;

/** Starts a command's snapshot afresh (the command line calls it before each command; a worker with what it was handed). */
export function resetInputSnapshot(entries: [string, string][] = []): void {
  snapshot.clear();
  for (const [file, text] of entries) snapshot.set(file, text);
  active = true;
}

/** Ends the command's snapshot. */
export function endInputSnapshot(): void {
  snapshot.clear();
  active = false;
}

/** The files read so far, for handing to worker processes. */
export function inputSnapshot(): [string, string][] {
  return [...snapshot];
}

function readOnce(file: string, absolutePath: string): string {
  const known = snapshot.get(absolutePath);
  if (known !== undefined) return known;
  let stat;
  try {
    stat = statSync(absolutePath);
  } catch {
    throw new InputError(file, 'file not found');
  }
  if (stat.isDirectory()) throw new InputError(file, 'is a directory, expected a YAML or JSON file');
  // A device or a pipe (/dev/zero, a FIFO) could be read for ever: only regular files, of a sane size.
  if (!stat.isFile()) throw new InputError(file, 'is not a regular file (a device, pipe or socket), expected a YAML or JSON file');
  if (stat.size > MAX_INPUT_BYTES) throw new InputError(file, `is ${(stat.size / 2 ** 20).toFixed(0)} MiB: input files are limited to ${MAX_INPUT_BYTES / 2 ** 20} MiB`);
  const text = decodeUtf8(file, readFileSync(absolutePath));
  if (active) snapshot.set(absolutePath, text);
  return text;
}

/**
 * The file's text: UTF-8, strictly (Latin-1 bytes would silently become U+FFFD: they are refused
 * at their line), without a byte-order mark (which JSON parsers reject).
 */
function decodeUtf8(file: string, bytes: Buffer): string {
  try {
    // ignoreBOM false: a leading byte-order mark is dropped.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = Math.max(0, firstInvalidByte(bytes));
    const before = bytes.subarray(0, at).toString('utf8');
    const line = before.split('\n').length;
    throw new InputError(file, `is not UTF-8 text (byte 0x${bytes[at]?.toString(16).padStart(2, '0')}): save it as UTF-8`, line, before.length - before.lastIndexOf('\n'));
  }
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (-1: none found). */
function firstInvalidByte(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >> 5 === 6 ? 1 : c >> 4 === 14 ? 2 : c >> 3 === 30 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/** Reads and parses a YAML or JSON file, keeping each key's position; the result must not be mutated (it is cached). */
export function readSourceFile(file: string): SourceFile {
  const absolutePath = path.resolve(file);
  const text = readOnce(file, absolutePath);
  if (text.trim() === '') throw new InputError(file, 'file is empty, expected a YAML or JSON mapping');
  // Analyses prepare the same files hundreds of times with different parameter values: parse each
  // text once. The key includes the text, so an edited file is parsed again.
  const key = `${file}\0${text}`;
  const cached = parsed.get(key);
  if (cached) return cached;

  const lineCounter = new LineCounter();
  const isJson = /\.json$/i.test(file);
  if (isJson) checkJsonSyntax(file, text, lineCounter);
  // Duplicate keys are found by checkCollections: the parser's own check compares every pair of keys.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new InputError(file, `${isJson ? 'JSON' : 'YAML'} syntax error: ${firstLine(firstError.message)}`, pos.line, pos.col);
  }
  checkCollections(doc.contents as Node | null, (node, message) => {
    const pos = lineCounter.linePos(node.range?.[0] ?? 0);
    return new InputError(file, message, pos.line, pos.col);
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // An alias to an anchor not (yet) set, or aliases that multiply into a resource-exhaustion bomb.
    const message = (e as Error).message;
    const name = /: (\S+)$/.exec(message)?.[1];
    const at = name ? text.search(new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)) : text.indexOf('*');
    const pos = at >= 0 ? lineCounter.linePos(at) : undefined;
    const why = /Excessive alias count/.test(message) ? 'too many aliases (anchors expanded more than 100 times): refused as a resource-exhaustion attack' : `YAML alias error: ${firstLine(message)}`;
    throw new InputError(file, why, pos?.line, pos?.col);
  }
  const located = makeLocator(file, doc, lineCounter);
  const source: SourceFile = { file, absolutePath, text, data, ...located };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw source.error([], 'expected a mapping of keys to values at the top level');
  }
  checkFinite(source, data, []);
  if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, source);
  return source;
}

/** More entries than this in one mapping or list is not a scenario, model or data file ehsim can check in a useful time. */
export const MAX_ENTRIES = 10_000;

/** Refuses duplicate keys (at the second) and collections of more than MAX_ENTRIES entries, in one pass. */
function checkCollections(root: Node | null, fail: (node: Node, message: string) => InputError): void {
  const pending: [Node | null, string][] = [[root, '']];
  while (pending.length > 0) {
    const [node, at] = pending.pop()!;
    const field = at ? `${at}: ` : '';
    if ((isMap(node) || isSeq(node)) && node.items.length > MAX_ENTRIES) {
      throw fail(node, `${field}holds ${node.items.length.toLocaleString('en-GB')} entries: at most ${MAX_ENTRIES.toLocaleString('en-GB')} are allowed in one ${isMap(node) ? 'mapping' : 'list'}`);
    }
    const under = (k: string | number) => (at ? `${at}.${k}` : String(k));
    if (isMap(node)) {
      const seen = new Set<string>();
      const values: [Node | null, string][] = [];
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(k)) throw fail(pair.key as Node, 'duplicate key: each key may appear only once in a mapping');
        seen.add(k);
        values.push([pair.value as Node | null, under(k)]);
      }
      // Reversed onto the stack, so problems are found in the order of the file.
      pending.push(...values.reverse());
    } else if (isSeq(node)) pending.push(...node.items.map((item, i): [Node | null, string] => [item as Node | null, under(i)]).reverse());
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function checkJsonSyntax(file: string, text: string, lineCounter: LineCounter): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    // Feed the line counter so we can convert the offset.
    const doc = parseDocument(text, { lineCounter });
    void doc;
    if (m) {
      const pos = lineCounter.linePos(Number(m[1]));
      throw new InputError(file, `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`, pos.line, pos.col);
    }
    throw new InputError(file, `JSON syntax error: ${message}`);
  }
}

function makeLocator(file: string, doc: Document, lineCounter: LineCounter) {
  const nodeAt = (at: ReadonlyArray<string | number>, key: boolean): { node: Node | null; keyNode: Node | null } => {
    let node: Node | null = doc.contents as Node | null;
    let keyNode: Node | null = null;
    for (const seg of at) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? keyNode;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) break;
        keyNode = null;
        node = item;
      } else break;
    }
    return { node: key && keyNode ? keyNode : node, keyNode };
  };
  const locate = (at: ReadonlyArray<string | number>, key = false) => {
    const { node } = nodeAt(at, key);
    const offset = node?.range?.[0] ?? 0;
    return lineCounter.linePos(offset);
  };
  const error = (at: ReadonlyArray<string | number>, message: string, key = false) => {
    const { line, col } = locate(at, key);
    const field = at.length ? `${at.join('.')}: ` : '';
    return new InputError(file, field + message, line, col);
  };
  return { locate, error };
}

function checkFinite(source: SourceFile, value: unknown, at: (string | number)[]): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw source.error(at, `must be a finite number, got ${String(value)}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkFinite(source, v, [...at, i]));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkFinite(source, v, [...at, k]);
  }
}
