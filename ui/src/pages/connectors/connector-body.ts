import type { CreateConnectorBody, UpdateConnectorBody } from "../../api/connectors.ts";
import { formToConfig, pollIntervalOf, type FieldErrors, type FormValues } from "./config-form.ts";
import type { ConfigField } from "./schema-fields.ts";

/** What the editor holds besides the config inputs. */
export interface EditorForm {
  addonId: string;
  name: string;
  enabled: boolean;
  values: FormValues;
}

/** What the config is checked against: the addon's fields and the host's poll-interval property. */
export interface SchemaFields {
  fields: readonly ConfigField[];
  pollIntervalField: string | null;
}

/** Problems of the connector's own inputs, keyed by name (config problems are keyed by pointer, which start with "/"). */
export const NAME_KEY = "name";
export const ADDON_KEY = "addon";
const NAME_MAX = 200;

export type BodyResult<T> = { ok: true; body: T } | { ok: false; errors: FieldErrors };

function nameProblem(name: string): string | undefined {
  if (name.trim() === "") return "required";
  return name.trim().length > NAME_MAX ? `at most ${NAME_MAX} characters` : undefined;
}

/** On edit: the sensitive fields the host holds, and those of them the operator marked for removal. */
export interface SecretsState {
  stored: readonly string[];
  cleared: readonly string[];
}

const NO_SECRETS: SecretsState = { stored: [], cleared: [] };

function checked<T>(form: EditorForm, schema: SchemaFields, secrets: SecretsState, extra: FieldErrors,
  build: (config: Record<string, unknown>, pollIntervalS: number | undefined) => T): BodyResult<T> {
  const config = formToConfig(schema.fields, form.values, secrets.stored, secrets.cleared);
  const problem = nameProblem(form.name);
  const errors: FieldErrors = { ...extra, ...(problem && { [NAME_KEY]: problem }), ...(!config.ok && config.errors) };
  if (!config.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: build(config.config, pollIntervalOf(config.config, schema.pollIntervalField)) };
}

/** The POST /connectors body, or the problems to show before sending anything. */
export function createBody(form: EditorForm, schema: SchemaFields): BodyResult<CreateConnectorBody> {
  return checked(form, schema, NO_SECRETS, form.addonId === "" ? { [ADDON_KEY]: "required" } : {}, (config, pollIntervalS) => ({
    addon_id: form.addonId, name: form.name.trim(), enabled: form.enabled, config,
    ...(pollIntervalS !== undefined && { poll_interval_s: pollIntervalS }),
  }));
}

/**
 * The PUT /connectors/:id body. The interval is sent with the config, since the host keeps the
 * stored one otherwise; secrets left empty are left out, which keeps them, and those marked
 * for removal are sent as null.
 */
export function updateBody(form: EditorForm, schema: SchemaFields, secrets: SecretsState): BodyResult<UpdateConnectorBody> {
  return checked(form, schema, secrets, {}, (config, pollIntervalS) => ({
    name: form.name.trim(), config, ...(pollIntervalS !== undefined && { poll_interval_s: pollIntervalS }),
  }));
}
