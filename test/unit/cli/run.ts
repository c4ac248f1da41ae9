import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../../src/cli/main";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Runs the CLI in-process, as `waymark …` would in `cwd`; returns its exit code and output. */
export async function runCli(args: string[], cwd = ROOT) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd,
    env: {},
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}
