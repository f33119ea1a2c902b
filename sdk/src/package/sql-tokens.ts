/** A lexical token of SQLite SQL, enough to check migrations statically. */
export interface SqlToken {
  /** `word`: bare identifier or keyword; `identifier`: quoted with "", ``, []; `string`: '…' literal. */
  kind: "word" | "identifier" | "string" | "number" | "symbol";
  /** Words and identifiers lower-cased and unquoted; other tokens as written. */
  value: string;
  line: number;
}

/** A statement's tokens, with the line it starts on. */
export interface SqlStatement {
  tokens: SqlToken[];
  line: number;
}

/**
 * Splits SQLite SQL into tokens, dropping comments and whitespace. An
 * unterminated quote or comment runs to the end of the text.
 *
 * @example
 * tokenizeSql("INSERT INTO t VALUES ('alerts') -- note").map((t) => t.value); // ["insert","into","t","values","(","alerts",")"]
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let line = 1;
  let at = 0;
  const countLines = (text: string) => { for (const c of text) if (c === "\n") line++; };
  while (at < sql.length) {
    const c = sql[at]!;
    const rest = sql.slice(at);
    if (/\s/.test(c)) { if (c === "\n") line++; at++; continue; }
    if (rest.startsWith("--")) { const end = sql.indexOf("\n", at); at = end === -1 ? sql.length : end; continue; }
    if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", at + 2);
      const stop = end === -1 ? sql.length : end + 2;
      countLines(sql.slice(at, stop));
      at = stop;
      continue;
    }
    const quote = c === "'" ? "'" : c === "\"" ? "\"" : c === "`" ? "`" : c === "[" ? "]" : undefined;
    if (quote) {
      let end = at + 1;
      let value = "";
      while (end < sql.length) {
        if (sql[end] === quote) {
          if (quote !== "]" && sql[end + 1] === quote) { value += quote; end += 2; continue; }
          break;
        }
        value += sql[end];
        end++;
      }
      tokens.push({ kind: c === "'" ? "string" : "identifier", value: c === "'" ? value : value.toLowerCase(), line });
      countLines(sql.slice(at, end + 1));
      at = end + 1;
      continue;
    }
    const word = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(rest);
    if (word) { tokens.push({ kind: "word", value: word[0].toLowerCase(), line }); at += word[0].length; continue; }
    const number = /^(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(rest);
    if (number) { tokens.push({ kind: "number", value: number[0], line }); at += number[0].length; continue; }
    tokens.push({ kind: "symbol", value: c, line });
    at++;
  }
  return tokens;
}

/**
 * Groups tokens into statements at `;`, keeping a `CREATE TRIGGER … BEGIN … END`
 * body (whose inner statements end in `;`) in one statement.
 *
 * @example
 * splitStatements(tokenizeSql("CREATE TABLE a(x); INSERT INTO a VALUES (1);")).length; // 2
 */
export function splitStatements(tokens: SqlToken[]): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: SqlToken[] = [];
  let depth = 0;
  const isTrigger = () => current[0]?.value === "create" && current.slice(1, 4).some((t) => t.kind === "word" && t.value === "trigger");
  for (const token of tokens) {
    if (token.kind === "symbol" && token.value === ";" && depth === 0) {
      if (current.length) statements.push({ tokens: current, line: current[0]!.line });
      current = [];
      continue;
    }
    current.push(token);
    if (token.kind !== "word" || !isTrigger()) continue;
    if (token.value === "begin" || (depth > 0 && token.value === "case")) depth++;
    else if (token.value === "end" && depth > 0) depth--;
  }
  if (current.length) statements.push({ tokens: current, line: current[0]!.line });
  return statements;
}
