/** `waymark validate <files or folders…>`: check guide files and print every problem. */
import { checkSources } from "./check-sources";
import { collectFiles } from "./files";
import type { Io, Options } from "./main";
import { failed, formatReport } from "./report";

export function runValidate(options: Options, io: Io): number {
  if (options.url !== undefined || options.chromium !== undefined) {
    io.stderr("waymark: --url and --chromium belong to `waymark check`; ignored.\n");
  }
  const { sources, listFolder } = collectFiles(options.paths, io.cwd);
  const result = checkSources(sources, { listFolder });
  const report = {
    files: sources.map((s) => s.file),
    problems: result.problems,
    strict: options.strict,
  };
  io.stdout(formatReport(report, options.format, io.color ?? false));
  return failed(report) ? 1 : 0;
}
