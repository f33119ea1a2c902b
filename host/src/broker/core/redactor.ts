/** What replaces a secret value in anything that leaves the broker. */
export const REDACTED = "***";

/**
 * Shorter values are not redacted: replacing every "ab" in logs and bodies would
 * mangle them while protecting nothing a guess would not find.
 */
const MIN_SECRET_LENGTH = 4;

/** A line of a multi-line secret redacted on its own (the base64 lines of a key are 64 characters). */
const MIN_LINE_LENGTH = 16;

/**
 * Replaces known secret values (and their URL-encoded forms) in strings and in
 * nested log fields. Every text that leaves the broker towards the sandbox or a
 * log passes through one.
 */
export class Redactor {
  #values: string[] = [];

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  /**
   * Adds a secret value; its encoded forms are added with it. A multi-line secret (a private
   * key) is also matched with CRLF line ends, as a terminal prints it, and line by line, so a
   * device that echoes part of it gives nothing away either.
   */
  add(value: string): void {
    if (value.length < MIN_SECRET_LENGTH) return;
    const forms = new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
    if (value.includes("\n")) {
      forms.add(value.replace(/\r?\n/g, "\r\n"));
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= MIN_LINE_LENGTH) forms.add(line.trim());
    }
    for (const form of forms) if (!this.#values.includes(form)) this.#values.push(form);
    // Longest first, so a secret that contains another is replaced whole.
    this.#values.sort((a, b) => b.length - a.length);
  }

  /** A redactor with this one's values plus `extra` (e.g. a request's Basic credential). */
  with(extra: Iterable<string>): Redactor {
    const copy = new Redactor(this.#values);
    for (const value of extra) copy.add(value);
    return copy;
  }

  text(input: string): string {
    let output = input;
    for (const value of this.#values) if (output.includes(value)) output = output.split(value).join(REDACTED);
    return output;
  }

  /** Deep copy of a JSON-like value with every string redacted (object keys included). */
  deep(input: unknown, depth = 0): unknown {
    if (typeof input === "string") return this.text(input);
    if (input === null || typeof input !== "object") return input;
    if (depth > 8) return "[nested too deep]";
    if (Array.isArray(input)) return input.map((item) => this.deep(item, depth + 1));
    if (input instanceof Error) return this.text(input.message);
    const output: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) output[this.text(key)] = this.deep(value, depth + 1);
    return output;
  }
}

/** Every string (and number) found in a secrets object, nested values included. */
export function secretStringsOf(secrets: unknown, depth = 0): string[] {
  if (typeof secrets === "string") return [secrets];
  if (typeof secrets === "number") return [String(secrets)];
  if (secrets === null || typeof secrets !== "object" || depth > 8) return [];
  return Object.values(secrets).flatMap((value) => secretStringsOf(value, depth + 1));
}
