/**
 * `waymark`, the command line for guide authors:
 *
 *   waymark validate <files or folders…> [--format text|json|github] [--strict]
 *   waymark check <files or folders…> --url <app url> [--chromium <path>] [--format …]
 *
 * Exit status: 0 when nothing failed, 1 when a guide has errors (or warnings, with --strict),
 * 2 when the command itself could not run (a wrong option, no files, no browser).
 */
import { closest, didYouMean } from "../guide/suggest";
import { runCheck } from "./check-command";
import { UsageError } from "./files";
import { FORMATS, type Format } from "./report";
import { runValidate } from "./validate-command";

export type Io = {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours). */
  color?: boolean;
};

export type Options = {
  paths: string[];
  format: Format;
  strict: boolean;
  url?: string;
  chromium?: string;
};

const USAGE = `Usage:
  waymark validate <files or folders…> [--format text|json|github] [--strict]
      Checks guide files: the format, ids and references, regular expressions, globs,
      CSS selectors, links, translations and unreachable steps.
  waymark check <files or folders…> --url <app url> [--chromium <path>] [--format …]
      Opens each step's page in Chromium and reports targets that match nothing, match
      several elements, or are hidden.

Options:
  --format text|json|github   how to print problems (default: text)
  --strict                    warnings fail the run too
  --url <url>                 (check) where the app runs; step pages resolve against it
  --chromium <path>           (check) the browser; default: $CHROMIUM_PATH, /usr/bin/chromium
  -h, --help                  this help
  -v, --version               the Waymark version

Exit status: 0 all good, 1 problems found, 2 the command could not run.
Guide format: https://github.com/waymark-dev/waymark/blob/main/docs/guides.md
`;

const COMMANDS = ["validate", "check"] as const;
const FLAGS = ["--format", "--strict", "--url", "--chromium", "--help", "--version"];

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === "-h" || command === "--help" || command === "help") {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === "-v" || command === "--version") {
      io.stdout(`${__WAYMARK_VERSION__}\n`);
      return 0;
    }
    if (!(COMMANDS as readonly string[]).includes(command)) {
      const guess = closest(command, COMMANDS);
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}${guess ? `; ${didYouMean(guess)}` : ""}`,
      );
    }
    const options = parseOptions(rest);
    if (options === "help") {
      io.stdout(USAGE);
      return 0;
    }
    return command === "validate" ? runValidate(options, io) : await runCheck(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`waymark: ${error.message}\nRun "waymark --help" for usage.\n`);
      return 2;
    }
    io.stderr(
      `waymark: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

function parseOptions(args: readonly string[]): Options | "help" {
  const options: Options = { paths: [], format: "text", strict: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      options.paths.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined || (inline === undefined && next.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--strict":
        options.strict = true;
        break;
      case "--format": {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(
            `--format must be ${FORMATS.join(", ")}; got ${JSON.stringify(format)}`,
          );
        options.format = format as Format;
        break;
      }
      case "--url":
        options.url = value();
        break;
      case "--chromium":
        options.chromium = value();
        break;
      default: {
        const guess = closest(flag, FLAGS);
        throw new UsageError(`unknown option ${flag}${guess ? `; ${didYouMean(guess)}` : ""}`);
      }
    }
  }
  return options;
}
