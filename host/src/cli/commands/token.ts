import { writeAudit } from "../../audit/log.ts";
import { MAX_TOKEN_DAYS } from "../../auth/tokens.ts";
import { hostError } from "../../errors.ts";
import { iso, systemClock } from "../../util/clock.ts";
import { parseActionCommand } from "../args.ts";
import type { CliIo } from "../io.ts";
import { openCliStore } from "../store.ts";
import { USAGE } from "../usage.ts";

const OPTIONS = {
  data: { type: "string" },
  user: { type: "string" },
  "expires-days": { type: "string" },
} as const;

/** `token create NAME --user U`: the token goes alone on stdout, so `$(opsconductor token create …)` captures it. */
export async function runToken(args: string[], io: CliIo): Promise<number> {
  const parsed = parseActionCommand(args, OPTIONS, USAGE.token, io);
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { values, action, operand: name, dataDir } = parsed;
  if (action !== "create") throw hostError("CLI_USAGE", `unknown token action "${action}" (create)`);
  if (!name) throw hostError("CLI_USAGE", "token create needs a NAME");
  if (name.length > 100) throw hostError("VALIDATION_FAILED", "the token name must be at most 100 characters");
  if (!values.user) throw hostError("CLI_USAGE", "token create needs --user USERNAME");
  const days = values["expires-days"];
  if (days !== undefined && !(/^[1-9]\d{0,3}$/.test(days) && Number(days) <= MAX_TOKEN_DAYS)) {
    throw hostError("CLI_USAGE", `--expires-days must be a whole number of days (1-${MAX_TOKEN_DAYS})`);
  }

  const store = openCliStore(dataDir);
  try {
    const user = store.users.findByName(values.user);
    if (!user) throw hostError("USER_NOT_FOUND", `no user named "${values.user}"`);
    const expiresAt = days === undefined ? null : iso(Date.now() + Number(days) * 86_400_000);
    const { token, record } = store.tokens.create(user.id, name, expiresAt);
    writeAudit(store.db, systemClock, { actor: "cli", action: "cli token create", target: user.username, details: { name, prefix: record.prefix } });
    io.stdout.write(`${token}\n`);
    io.stderr.write(`token "${name}" for ${user.username} (${user.role})${expiresAt ? `, expires ${expiresAt}` : ""}; it is shown only this once\n`);
  } finally {
    store.close();
  }
  return 0;
}
