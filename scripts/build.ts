// Builds what the host serves or loads: the admin UI bundle (and, with the addon
// platform, the signed built-in addons). Quick when nothing changed.
import { existsSync } from "node:fs";
import { buildUi } from "./build/ui.ts";

const started = performance.now();
if (existsSync("ui/src/main.tsx")) await buildUi();
console.error(`opsconductor: build done in ${Math.round(performance.now() - started)} ms`);
