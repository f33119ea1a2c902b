import type { NormalizedAlert } from "@opsconductor/sdk";

/** Fields a title template may name as `{field}`, besides `{metrics.<path>}`. */
export const TEMPLATE_FIELDS = [
  "device_name", "device_ip", "resource", "alert_type", "severity", "category", "target", "connector_type", "message",
] as const;

type Part = string | ((alert: NormalizedAlert) => string);
type RenderTitle = (alert: NormalizedAlert) => string;

const PLACEHOLDER = /\{([\w.]+)\}/g;
const compiled = new Map<string, RenderTitle>();

/**
 * Renders an `alert_type_templates.title_template` for an alert. Known placeholders
 * without a value render empty; an unknown placeholder stays as written, so that a
 * typo shows in the title instead of silently vanishing.
 *
 * @example
 * renderTitle("{device_name}: port {resource} down ({metrics.speed} bps)", alert); // "sw1: port ge-0/0/3 down (1000 bps)"
 */
export function renderTitle(template: string, alert: NormalizedAlert): string {
  let render = compiled.get(template);
  if (!render) {
    render = compile(template);
    compiled.set(template, render);
  }
  return render(alert);
}

function compile(template: string): RenderTitle {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push(placeholder(match[1]!, match[0]));
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return (alert) => parts.map((part) => (typeof part === "string" ? part : part(alert))).join("");
}

function placeholder(name: string, literal: string): Part {
  if (name.startsWith("metrics.")) {
    const path = name.split(".").slice(1);
    return (alert) => display(path.reduce<unknown>((value, step) =>
      value !== null && typeof value === "object" ? (value as Record<string, unknown>)[step] : undefined, alert.metrics));
  }
  if ((TEMPLATE_FIELDS as readonly string[]).includes(name)) {
    return (alert) => display((alert as Record<string, unknown>)[name]);
  }
  return literal;
}

function display(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
