import { useEffect, useState } from "preact/hooks";
import { getConfigSchema, type ConfigSchemaAnswer } from "../../api/connectors.ts";
import { isAbort } from "../../api/errors.ts";
import { useApp } from "../../app/context.ts";

export type SchemaState = { state: "none" } | { state: "loading" } | { state: "loaded"; schema: ConfigSchemaAnswer } | { state: "failed"; error: unknown };

/** The config schema of `addonId` (none while no addon is chosen); a newer choice cancels the older request. */
export function useConfigSchema(addonId: string): SchemaState {
  const { client } = useApp();
  const [state, setState] = useState<SchemaState>({ state: "none" });
  useEffect(() => {
    if (addonId === "") {
      setState({ state: "none" });
      return;
    }
    const controller = new AbortController();
    setState({ state: "loading" });
    getConfigSchema(client, addonId, controller.signal).then(
      (schema) => setState({ state: "loaded", schema }),
      (error: unknown) => { if (!isAbort(error)) setState({ state: "failed", error }); },
    );
    return () => controller.abort();
  }, [client, addonId]);
  return state;
}
