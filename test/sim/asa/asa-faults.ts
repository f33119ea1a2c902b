// Scriptable faults of the ASA simulator: the SSH counterparts of the PRTG simulator's HTTP faults.

/**
 * - `slow`: each answer comes `ms` late;
 * - `hang`: the command is echoed, then nothing ever comes (no output, no prompt);
 * - `auth`: every login password is refused (SSH's 401);
 * - `reset`: half the output, then the TCP connection is reset;
 * - `truncated`: half the output, then the channel is closed (no prompt, no exit status);
 * - `garbage`: line noise instead of the command's output, then the prompt as usual.
 */
export type AsaFault =
  | { kind: "slow"; ms: number }
  | { kind: "hang" }
  | { kind: "auth" }
  | { kind: "reset" }
  | { kind: "truncated" }
  | { kind: "garbage" };

/**
 * A fault and what it hits: logins for `auth`, otherwise the commands answered from `outputs`
 * (only `command` when given; `enable`, `terminal pager` and `exit` never). It lets `skip` of
 * those pass, then hits `times` of them (default: all).
 */
export type AsaFaultRule = AsaFault & { command?: string; skip?: number; times?: number };

/**
 * Output that belongs to no command: a stray escape sequence, control bytes, bytes that are not
 * UTF-8, and number-like fragments in no command's grammar. No line of it is a prompt or a pager.
 */
export const GARBAGE = Buffer.concat([
  Buffer.from("\u001b[?1h\u001b=\u0000\u0007~~ 4f:1c:9e %% 87 %% 0x3f ~~\r\n"),
  Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0d, 0x0a]),
  Buffer.from("Fr33 m3m0ry == ??? b/tes (1OO%%)\r\n...,,,;;; 12 34 % 56\r\n"),
]);

/** The faults still to come, as `setFault` scripted them. */
export class FaultScript {
  #rule: AsaFaultRule | null = null;

  set(rule: AsaFaultRule | null): void {
    this.#rule = rule ? { ...rule } : null;
  }

  /** The fault that hits this login, if any. */
  takeLogin(): AsaFault | null {
    return this.#rule?.kind === "auth" ? this.#take() : null;
  }

  /** The fault that hits this command (one answered from `outputs`), if any. */
  takeCommand(command: string): AsaFault | null {
    const rule = this.#rule;
    if (!rule || rule.kind === "auth" || (rule.command !== undefined && rule.command !== command)) return null;
    return this.#take();
  }

  #take(): AsaFault | null {
    const rule = this.#rule!;
    if ((rule.skip ?? 0) > 0) {
      rule.skip! -= 1;
      return null;
    }
    if (rule.times !== undefined && --rule.times <= 0) this.#rule = null;
    return rule;
  }
}

/** The first half of an output's lines (at least one), CRLF-terminated: where reset and truncated cut. */
export function firstHalf(lines: readonly string[]): string {
  return lines.slice(0, Math.max(1, Math.floor(lines.length / 2))).map((line) => `${line}\r\n`).join("");
}
