import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const UI_SRC = join(ROOT, "ui", "src");
/** Where the host looks for the UI by default. */
export const UI_DIST = join(ROOT, "ui", "dist");

/**
 * Builds the Preact admin UI into `outDir` (default ui/dist, which the host serves
 * at `/` with an index.html fallback): `main.js` (one minified ESM bundle with its
 * source map), `main.css` (every stylesheet the entry imports, bundled and
 * minified) and `index.html` (from ui/src, its asset links stamped with a content
 * hash, `/main.js?v=…`, so a browser never runs an old bundle after an upgrade).
 * The folder is emptied first so no stale asset survives a rename.
 */
export async function buildUi(outDir: string = UI_DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(UI_SRC, "main.tsx")],
    bundle: true,
    format: "esm",
    minify: true,
    sourcemap: true,
    target: ["es2022", "chrome109", "firefox115", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: outDir,
    // CSS imported by the entry lands in main.css next to main.js.
    loader: { ".css": "css" },
    legalComments: "none",
    logLevel: "warning",
  });
  let html = await readFile(join(UI_SRC, "index.html"), "utf8");
  for (const asset of ["main.js", "main.css"]) {
    const hash = createHash("sha256").update(await readFile(join(outDir, asset))).digest("hex").slice(0, 12);
    html = html.replace(`"/${asset}"`, `"/${asset}?v=${hash}"`);
  }
  await writeFile(join(outDir, "index.html"), html);
}
