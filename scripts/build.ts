// Builds what the host serves or loads: the admin UI bundle and the signed built-in
// addons. Quick when nothing changed.
import { existsSync } from "node:fs";
import { buildAddons } from "./build/addons.ts";
import { buildUi } from "./build/ui.ts";

const started = performance.now();
if (existsSync("ui/src/main.tsx")) await buildUi();
// A built-in that does not build is reported and left out; the daemon still starts with the others.
await buildAddons();
console.error(`opsconductor: build done in ${Math.round(performance.now() - started)} ms`);
