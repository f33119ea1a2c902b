import { builtinModules } from "node:module";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Message, type Metafile, type Plugin } from "esbuild";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

/** The SDK folder (`sdk/`): its `src/index.ts` is what `@opsconductor/sdk` means inside an addon bundle. */
export const SDK_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SDK_ENTRY = fileURLToPath(new URL("../index.ts", import.meta.url));
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export interface AddonBundle {
  /** The ESM bundle: the addon and the parts of the SDK it uses, importing nothing. */
  code: string;
  warnings: string[];
}

interface BuiltinImport {
  specifier: string;
  importer: string;
}

/**
 * The resolution rules of an addon bundle: `@opsconductor/sdk` is this SDK's
 * source, the SDK's modules are side-effect free (so its Node-only parts, such
 * as the package verifier, are dropped when unused), and Node built-ins are
 * recorded so the build can refuse them.
 */
function addonResolution(builtinImports: BuiltinImport[]): Plugin {
  return {
    name: "opsconductor-addon",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.opsconductorInner || args.kind === "entry-point") return undefined;
        if (BUILTINS.has(args.path)) {
          builtinImports.push({ specifier: args.path, importer: args.importer });
          return { path: args.path, external: true, sideEffects: false };
        }
        if (args.path === "@opsconductor/sdk") return { path: SDK_ENTRY, sideEffects: false };
        if (!args.importer.startsWith(SDK_ROOT)) return undefined;
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { opsconductorInner: true },
        });
        if (resolved.errors.length) return { errors: resolved.errors };
        return { path: resolved.path, external: resolved.external, namespace: resolved.namespace, sideEffects: false };
      });
    },
  };
}

function formatMessage(message: Message, cwd: string): string {
  const at = message.location ? `${relative(cwd, message.location.file) || message.location.file}:${message.location.line}:${message.location.column}: ` : "";
  return `${at}${message.text}`;
}

/** The author's own source, as opposed to the SDK and packages under node_modules. */
function isAuthorCode(importer: string): boolean {
  return !importer.startsWith(SDK_ROOT) && !importer.split(/[\\/]/).includes("node_modules");
}

/**
 * Refuses any builtin the author's own code imports (used or not), and any
 * builtin a dependency or the SDK imports that survived tree-shaking into the output.
 */
function refuseBuiltins(builtinImports: BuiltinImport[], metafile: Metafile, cwd: string): void {
  const kept = new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.map((i) => i.path)));
  const offending = builtinImports.filter((i) => isAuthorCode(i.importer) || kept.has(i.specifier));
  if (offending.length === 0) return;
  const list = [...new Set(offending.map((i) => `${relative(cwd, i.importer)} imports "${i.specifier}"`))].join("; ");
  throw new OcError(SdkErrorCodes.ADDON_NODE_BUILTIN,
    `${list}: addon code runs in a sandbox without Node built-ins; reach the world through ctx.http, ctx.snmp, ctx.ssh and ctx.state`);
}

/**
 * Bundles an addon's entry (`src/index.ts`) into one platform-neutral ESM module
 * with the SDK inside. Throws `ADDON_NODE_BUILTIN` when the addon imports a
 * Node built-in, `ADDON_BUILD_FAILED` for any other esbuild error.
 *
 * @example
 * const { code } = await bundleAddon("/src/acme.ups", "src/index.ts");
 * writeFileSync("build/backend/index.js", code);
 */
export async function bundleAddon(addonDir: string, entry: string, options: { sourcemap?: boolean } = {}): Promise<AddonBundle> {
  const builtinImports: BuiltinImport[] = [];
  let result;
  try {
    result = await build({
      absWorkingDir: addonDir,
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      outfile: "backend/index.js",
      metafile: true,
      sourcemap: options.sourcemap ? "inline" : false,
      legalComments: "none",
      charset: "utf8",
      logLevel: "silent",
      plugins: [addonResolution(builtinImports)],
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    refuseBuiltinsFromErrors(builtinImports, addonDir);
    throw new OcError(SdkErrorCodes.ADDON_BUILD_FAILED, `esbuild: ${errors.map((m) => formatMessage(m, addonDir)).join("; ")}`);
  }
  refuseBuiltins(builtinImports, result.metafile, addonDir);
  const output = result.outputFiles.find((file) => file.path.endsWith(".js"));
  if (!output) throw new OcError(SdkErrorCodes.ADDON_BUILD_FAILED, "esbuild produced no bundle");
  return { code: output.text, warnings: result.warnings.map((m) => formatMessage(m, addonDir)) };
}

/** When the build failed anyway, a builtin import by the author is the clearer message. */
function refuseBuiltinsFromErrors(builtinImports: BuiltinImport[], cwd: string): void {
  refuseBuiltins(builtinImports.filter((i) => isAuthorCode(i.importer)), { inputs: {}, outputs: {} }, cwd);
}
