import { hostError } from "../errors.ts";
import { MIN_PASSWORD_LENGTH } from "../auth/password.ts";
import type { CliIo } from "./io.ts";

/** Everything on stdin, minus the one line ending `echo` or a heredoc adds: one line, or VALIDATION_FAILED. */
export async function readPasswordFromStdin(stdin: CliIo["stdin"]): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  const password = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  // A file of several lines piped in by mistake would otherwise become one password with newlines in it.
  if (/[\r\n]/.test(password)) throw hostError("VALIDATION_FAILED", `the password must be one line; stdin held ${password.split(/\r?\n/).length}`);
  return checkLength(password);
}

/** Asks twice on the terminal, echoing nothing. */
export async function promptNewPassword(io: CliIo): Promise<string> {
  if (!io.stdin.isTTY || !io.stdin.setRawMode) {
    throw hostError("CLI_USAGE", "no terminal to prompt for the password on; pipe it in with --password-stdin");
  }
  const first = checkLength(await promptHidden(io, "Password: "));
  const second = await promptHidden(io, "Repeat password: ");
  if (first !== second) throw hostError("VALIDATION_FAILED", "the two passwords differ");
  return first;
}

function checkLength(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw hostError("VALIDATION_FAILED", `the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.trim() === "") throw hostError("VALIDATION_FAILED", "the password must not be blanks only");
  return password;
}

function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr.write(prompt);
  stdin.setRawMode!(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      stdin.setRawMode!(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      io.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer | string) => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(hostError("CLI_USAGE", "cancelled"));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}
