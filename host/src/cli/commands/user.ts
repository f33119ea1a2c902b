import { writeAudit } from "../../audit/log.ts";
import { hostError } from "../../errors.ts";
import { isRole, ROLES } from "../../auth/roles.ts";
import { systemClock } from "../../util/clock.ts";
import { parseActionCommand } from "../args.ts";
import type { CliIo } from "../io.ts";
import { promptNewPassword, readPasswordFromStdin } from "../password-input.ts";
import { createSaying, openCliStore } from "../store.ts";
import { USAGE } from "../usage.ts";

const OPTIONS = {
  data: { type: "string" },
  role: { type: "string" },
  "password-stdin": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** `user add|list|passwd`. */
export async function runUser(args: string[], io: CliIo): Promise<number> {
  const parsed = parseActionCommand(args, OPTIONS, USAGE.user, io);
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { values, action, operand: name, dataDir } = parsed;
  const readPassword = () => (values["password-stdin"] ? readPasswordFromStdin(io.stdin) : promptNewPassword(io));

  switch (action) {
    case "add": {
      if (!name) throw hostError("CLI_USAGE", "user add needs a NAME");
      if (!isRole(values.role)) throw hostError("CLI_USAGE", `--role must be one of ${ROLES.join(", ")}`);
      const password = await readPassword();
      const store = openCliStore(dataDir, createSaying(io));
      try {
        const user = await store.users.create({ username: name, password, role: values.role });
        writeAudit(store.db, systemClock, { actor: "cli", action: "cli user add", target: user.username, details: { role: user.role } });
        io.stdout.write(`created user ${user.username} (${user.role})\n`);
      } finally {
        store.close();
      }
      return 0;
    }
    case "list": {
      const store = openCliStore(dataDir);
      try {
        const users = store.users.list();
        if (values.json) {
          io.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        } else {
          for (const user of users) {
            io.stdout.write(`${user.username}\t${user.role}${user.disabled ? "\tdisabled" : ""}\tcreated ${user.created_at}\n`);
          }
          if (users.length === 0) io.stderr.write("no users yet\n");
        }
      } finally {
        store.close();
      }
      return 0;
    }
    case "passwd": {
      if (!name) throw hostError("CLI_USAGE", "user passwd needs a NAME");
      const password = await readPassword();
      const store = openCliStore(dataDir);
      try {
        const { user, revokedTokens } = await store.users.setPassword(name, password);
        writeAudit(store.db, systemClock, { actor: "cli", action: "cli user passwd", target: user.username, details: { revoked_tokens: revokedTokens } });
        io.stdout.write(`password of ${user.username} changed; their sessions were ended and ${revokedTokens} API token(s) revoked\n`);
      } finally {
        store.close();
      }
      return 0;
    }
    default:
      throw hostError("CLI_USAGE", `unknown user action "${action}" (add, list, passwd)`);
  }
}
