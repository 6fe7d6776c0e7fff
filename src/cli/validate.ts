import { checkInputFile } from '../runs/checkInput.js';

/**
 * `ehsim validate <files..>`: checks each file as the kind of input it is (scenario, model, areas,
 * correlations, targets, …); every problem is reported with file:line:column through `fail`.
 */
export function validateCommand(args: { files: string[] }, print: (s: string) => void, fail: (e: unknown) => void): void {
  for (const file of args.files) {
    try {
      const kind = checkInputFile(file);
      print(`ok: ${file}${kind === 'scenario' ? '' : ` (${kind} file)`}`);
    } catch (e) {
      fail(e);
    }
  }
}
