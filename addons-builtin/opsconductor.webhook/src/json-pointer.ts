/** A parsed JSON pointer: reads the value it names in a document, or undefined. */
export type PointerReader = (document: unknown) => unknown;

const INDEX = /^(0|[1-9]\d*)$/;
const whole: PointerReader = (document) => document;
const nothing: PointerReader = () => undefined;

/**
 * Parses an RFC 6901 JSON pointer once ("" is the document itself), for reading it from
 * many documents: a delivery applies the same field pointers to each of its events.
 */
export function compilePointer(pointer: string): PointerReader {
  if (pointer === "") return whole;
  if (!pointer.startsWith("/")) return nothing;
  const tokens = pointer.slice(1).split("/").map((raw) => raw.replaceAll("~1", "/").replaceAll("~0", "~"));
  const indexes = tokens.map((token) => (INDEX.test(token) ? Number(token) : -1));
  return (document) => {
    let current: unknown = document;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (Array.isArray(current) && indexes[i]! >= 0) current = current[indexes[i]!];
      else if (typeof current === "object" && current !== null && Object.hasOwn(current, token)) current = (current as Record<string, unknown>)[token];
      else return undefined;
    }
    return current;
  };
}

/**
 * The value an RFC 6901 JSON pointer names in `document` ("" is the document itself),
 * or undefined when any step is missing.
 */
export function resolvePointer(document: unknown, pointer: string): unknown {
  return compilePointer(pointer)(document);
}
