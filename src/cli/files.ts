/**
 * The files a CLI command works on: the .json files given, and those in the folders given
 * (recursively, skipping node_modules and hidden folders), named relative to the working
 * folder with "/" separators, the way a designer sees them in their editor.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { SourceFile } from "./check-sources";

export class UsageError extends Error {}

export type CollectedFiles = {
  sources: SourceFile[];
  /** The .json file names in a folder (by display name), for index checks. */
  listFolder(folder: string): string[] | undefined;
};

export function collectFiles(inputs: readonly string[], cwd: string): CollectedFiles {
  if (inputs.length === 0) {
    throw new UsageError("name the guide files or folders to check, e.g. waymark validate guides/");
  }
  const found: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(
        `there is no file or folder ${JSON.stringify(input)} (looked in ${cwd})`,
      );
    }
    if (stats.isDirectory()) {
      const inFolder = jsonFilesIn(absolute);
      if (inFolder.length === 0)
        throw new UsageError(`the folder ${JSON.stringify(input)} has no .json files`);
      found.push(...inFolder);
    } else found.push(absolute);
  }
  const unique = [...new Set(found)];
  const display = (absolute: string) => {
    const relative = path.relative(cwd, absolute);
    const shown =
      relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
    return shown.split(path.sep).join("/");
  };
  const folders = new Map<string, string>();
  const sources = unique.map((absolute) => {
    const file = display(absolute);
    folders.set(
      file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".",
      path.dirname(absolute),
    );
    return { file, text: readFileSync(absolute, "utf8") };
  });
  return {
    sources,
    listFolder(folder) {
      const absolute = folders.get(folder);
      if (!absolute) return undefined;
      try {
        return readdirSync(absolute).filter((name) => name.endsWith(".json"));
      } catch {
        return undefined;
      }
    },
  };
}

function jsonFilesIn(folder: string): string[] {
  const out: string[] = [];
  const stack = [folder];
  while (stack.length) {
    const current = stack.pop()!;
    const entries = readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && entry.name.endsWith(".json")) out.push(full);
    }
  }
  return out.sort();
}
