// Test support: a strict reader of the text exposition format 0.0.4, so tests check what a
// Prometheus server would read, not substrings of the body.

export interface ParsedSample {
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  help: string;
  type: string;
  samples: ParsedSample[];
}

export interface Exposition {
  families: Map<string, ParsedFamily>;
  /** The value of the one sample of `name` with exactly these labels; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

/** Parses a body; throws on any line the format does not allow, or a sample before its family's TYPE. */
export function parseExposition(body: string): Exposition {
  if (body !== "" && !body.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const families = new Map<string, ParsedFamily>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { help: "", type: "untyped", samples: [] }));
    return found;
  };
  for (const [index, line] of body.split("\n").entries()) {
    if (line === "") continue;
    const where = `line ${index + 1}: ${line}`;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, text] = meta as unknown as [string, string, string, string];
      if (kind === "HELP") family(name).help = text.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
      else if (["counter", "gauge", "histogram", "summary", "untyped"].includes(text)) family(name).type = text;
      else throw new Error(`${where}: unknown type`);
      continue;
    }
    if (line.startsWith("#")) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`${where}: not a sample line`);
    const [, name, labelText, valueText] = sample as unknown as [string, string, string | undefined, string];
    if (!families.has(name)) throw new Error(`${where}: sample before its family's TYPE`);
    const value = valueText === "+Inf" ? Infinity : valueText === "-Inf" ? -Infinity : Number(valueText);
    if (Number.isNaN(value) && valueText !== "NaN") throw new Error(`${where}: bad value`);
    family(name).samples.push({ labels: parseLabels(labelText ?? "", where), value });
  }
  return {
    families,
    value(name, labels = {}) {
      const key = JSON.stringify(Object.entries(labels).sort());
      const matches = (families.get(name)?.samples ?? []).filter((s) => JSON.stringify(Object.entries(s.labels).sort()) === key);
      if (matches.length > 1) throw new Error(`${name} ${key} appears ${matches.length} times`);
      return matches[0]?.value;
    },
  };
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`${where}: bad labels`);
    const [, name, raw] = match as unknown as [string, string, string];
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    labels[name] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}
