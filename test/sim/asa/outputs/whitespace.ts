// The two whitespace forms parsers meet: the device's (sub-lines indented, trailing blanks kept,
// as in `show failover`) and the ntc-templates fixtures' (every line stripped).

/** ntc-style: leading and trailing blanks of every line removed. */
export function stripped(output: string): string {
  return output.split("\n").map((line) => line.trim()).join("\n");
}

/**
 * Every non-blank line shifted `spaces` to the right, as the ASA shifts the sub-lines of
 * `show failover` (8, then 16): what a parser anchored at column 0 would miss.
 */
export function indented(output: string, spaces = 8): string {
  const margin = " ".repeat(spaces);
  return output.split("\n").map((line) => (line.trim() === "" ? line : `${margin}${line}`)).join("\n");
}
