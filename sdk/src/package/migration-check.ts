import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { CORE_TABLES } from "./core-tables.ts";
import { splitStatements, tokenizeSql, type SqlStatement, type SqlToken } from "./sql-tokens.ts";

/** The statements a migration may hold: schema and data changes of the addon's own tables. */
export const ALLOWED_MIGRATION_STATEMENTS = ["create", "alter", "insert", "replace", "update", "delete", "drop"] as const;

/** `migrations/NNN_name.sql`. */
export const MIGRATION_FILE_PATTERN = /^migrations\/\d{3}_[A-Za-z0-9_-]+\.sql$/;

const FORBIDDEN_WORDS = new Map<string, string>([
  ["attach", "ATTACH is not allowed"],
  ["detach", "DETACH is not allowed"],
  ["pragma", "PRAGMA is not allowed"],
  ["load_extension", "load_extension is not allowed"],
  ["vacuum", "VACUUM is not allowed"],
]);
/** Keywords after which the next name is a table, view, index or trigger: a `x.` there is a schema qualifier. */
const NAME_POSITION_KEYWORDS = new Set(["table", "into", "update", "from", "join", "references", "exists", "view", "index", "trigger"]);
const CORE = new Set<string>(CORE_TABLES);

function isName(token: SqlToken | undefined): token is SqlToken {
  return token !== undefined && (token.kind === "word" || token.kind === "identifier");
}

/** The first reason this statement may not run, or undefined. */
function statementProblem(statement: SqlStatement): string | undefined {
  const { tokens } = statement;
  const verb = tokens[0]!;
  if (verb.kind !== "word" || !(ALLOWED_MIGRATION_STATEMENTS as readonly string[]).includes(verb.value)) {
    return `${verb.value.toUpperCase()} statements are not allowed (only ${ALLOWED_MIGRATION_STATEMENTS.map((s) => s.toUpperCase()).join(", ")})`;
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const qualifies = next?.kind === "symbol" && next.value === ".";
    const previous = tokens[i - 1];
    if (token.kind === "word" && FORBIDDEN_WORDS.has(token.value)) return FORBIDDEN_WORDS.get(token.value);
    if (token.kind === "word" && (token.value === "temp" || token.value === "temporary") && previous?.value === "create") {
      return "TEMP objects are not allowed (they live outside the addon's database)";
    }
    if (!isName(token)) continue;
    if (CORE.has(token.value)) return `it names the core table "${token.value}"`;
    if (token.value.startsWith("sqlite_")) return `it names the internal table "${token.value}"`;
    if (qualifies && (token.value === "main" || token.value === "temp")) return `the "${token.value}." schema is not allowed`;
    if (qualifies && previous?.kind === "word" && NAME_POSITION_KEYWORDS.has(previous.value)) {
      return `the schema qualifier "${token.value}." is not allowed (write unqualified names: migrations run inside the addon's own database)`;
    }
  }
  return undefined;
}

/**
 * Statically checks one migration: every statement must be a CREATE, ALTER,
 * INSERT, REPLACE, UPDATE, DELETE or DROP of the addon's own objects. Throws
 * `ADDON_MIGRATION_FORBIDDEN` for a core table name (anywhere, even as a column),
 * `sqlite_*` tables, `main.`/`temp.` or any schema qualifier, TEMP objects,
 * ATTACH/DETACH/PRAGMA/VACUUM, transactions and any other statement kind.
 *
 * @example
 * checkMigrationSql("migrations/001_init.sql", "CREATE TABLE ups_history (at TEXT, charge REAL);"); // ok
 * checkMigrationSql("migrations/002_x.sql", "DELETE FROM alerts;"); // throws ADDON_MIGRATION_FORBIDDEN
 */
export function checkMigrationSql(path: string, sql: string): void {
  splitStatements(tokenizeSql(sql)).forEach((statement, index) => {
    const problem = statementProblem(statement);
    if (problem) {
      throw new OcError(SdkErrorCodes.ADDON_MIGRATION_FORBIDDEN,
        `${path}: statement ${index + 1} (line ${statement.line}): ${problem}; an addon's migrations may only change its own tables`,
        { path, statement: index + 1, line: statement.line });
    }
  });
}

/**
 * Checks every file under `migrations/`: the name must be `NNN_name.sql` and
 * its SQL must pass {@link checkMigrationSql}.
 *
 * @example
 * checkMigrations(files); // throws ADDON_MIGRATION_FORBIDDEN on the first bad file
 */
export function checkMigrations(files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, content] of files) {
    if (!path.startsWith("migrations/")) continue;
    if (!MIGRATION_FILE_PATTERN.test(path)) {
      throw new OcError(SdkErrorCodes.ADDON_MIGRATION_FORBIDDEN, `${path}: migrations/ may hold only NNN_name.sql files`, { path });
    }
    checkMigrationSql(path, new TextDecoder().decode(content));
  }
}
