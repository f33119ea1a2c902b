import type { ComponentChildren } from "preact";

interface Props {
  /** The JSON pointer of the config value (`/targets/0/host`): what error messages and tests find it by. */
  pointer: string;
  id: string;
  title: string;
  required: boolean;
  hint?: string;
  error?: string;
  /** A checkbox: the label follows the control on one line. */
  inline?: boolean;
  children: ComponentChildren;
}

/** The id of a config control, from its pointer (ids of hint and error add `-hint`, `-error`). */
export function controlId(pointer: string): string {
  return `config${pointer.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The ids a control's `aria-describedby` lists: its hint and its error, when shown. */
export function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
}

/** One labelled config field: the label (with a required marker), the control, a hint and the field's problem. */
export function FormField({ pointer, id, title, required, hint, error, inline, children }: Props) {
  // The marker stays outside the <label> so the control's name is the title alone; the control says aria-required.
  const label = (
    <span class="field-label">
      <label for={id}>{title}</label>
      {required && <span class="required-mark" aria-hidden="true"> *</span>}
    </span>
  );
  return (
    <div class={`form-field${inline ? " inline" : ""}`} data-field={pointer}>
      {inline ? <div class="inline-control">{children}{label}</div> : <>{label}{children}</>}
      {hint && <div class="field-hint" id={`${id}-hint`}>{hint}</div>}
      {error && <div class="field-error" id={`${id}-error`}>{error}</div>}
    </div>
  );
}
