// Empties dist/ before a build: the builds write into it one after another (emptyOutDir is
// off so they don't delete each other's files), so nothing else may leave stale chunks there.
import { rmSync } from "node:fs";

rmSync(new URL("../dist/", import.meta.url), { recursive: true, force: true });
