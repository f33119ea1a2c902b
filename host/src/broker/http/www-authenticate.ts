/** One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1). */
export interface AuthChallenge {
  /** Lower-cased scheme: "digest", "basic", "ntlm", "negotiate", "bearer"... */
  scheme: string;
  /** auth-params with lower-cased names and unquoted values. */
  params: Record<string, string>;
  /** The token68 form (NTLM's base64 message). */
  token?: string;
}

/**
 * Parses every challenge of one or more WWW-Authenticate values. A value may hold
 * several comma-separated challenges (`Digest realm="a", nonce="n", Basic realm="a"`),
 * so a new challenge starts at each token that is not a parameter name.
 */
export function parseChallenges(values: string | string[] | undefined): AuthChallenge[] {
  if (values === undefined) return [];
  return (Array.isArray(values) ? values : [values]).flatMap(parseOne);
}

function parseOne(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let index = 0;
  const skip = (pattern: RegExp) => {
    while (index < header.length && pattern.test(header[index]!)) index++;
  };
  while (index < header.length) {
    skip(/[\s,]/);
    const name = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(header.slice(index))?.[0];
    if (!name) break;
    index += name.length;
    const afterName = index;
    skip(/[ \t]/);
    if (current && header[index] === "=" && header[index + 1] !== "=") {
      index++;
      skip(/[ \t]/);
      current.params[name.toLowerCase()] = readValue();
      continue;
    }
    // A scheme, possibly followed by a token68 (base64 with trailing '=' padding).
    index = afterName;
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    skip(/[ \t]/);
    const token68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(header.slice(index))?.[0];
    if (token68 && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=[^=]/.test(header.slice(index))) {
      current.token = token68;
      index += token68.length;
    }
  }
  return challenges;

  function readValue(): string {
    if (header[index] !== '"') {
      const token = /^[^\s,]*/.exec(header.slice(index))![0];
      index += token.length;
      return token;
    }
    let value = "";
    index++;
    while (index < header.length && header[index] !== '"') {
      if (header[index] === "\\" && index + 1 < header.length) index++;
      value += header[index];
      index++;
    }
    index++;
    return value;
  }
}
