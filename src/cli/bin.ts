/** The `waymark` executable (package.json "bin"): runs the CLI with this process's streams. */
import { main } from "./main";

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && !process.env["NO_COLOR"],
});
process.exitCode = code;
