import { checkInputFile } from '../runs/prepare.js';

/** `ehsim validate <files..>`: checks each scenario or model file; every problem is reported with file:line:column through `fail`. */
export function validateCommand(args: { files: string[] }, print: (s: string) => void, fail: (e: unknown) => void): void {
  for (const file of args.files) {
    try {
      checkInputFile(file);
      print(`ok: ${file}`);
    } catch (e) {
      fail(e);
    }
  }
}
