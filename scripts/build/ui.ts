import { build } from "esbuild";

/** Bundles the Preact admin UI to ui/dist (one ESM bundle, minified, with a source map). */
export async function buildUi(): Promise<void> {
  await build({
    entryPoints: ["ui/src/main.tsx"],
    bundle: true,
    format: "esm",
    minify: true,
    sourcemap: true,
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: "ui/dist",
    logLevel: "warning",
  });
}
