/**
 * A CLI prompt, alone on the cursor's line: `asa>`, `asa#`, `asa(config)#`,
 * `asa/pri/act#`, `ubnt@nano:~$`, `[admin@host ~]$`, `XW.v6.1.7# `.
 */
const GENERIC_PROMPT = /^(?:[\w.\-@:~/\[\]()]{1,120}|\[[^\]\n]{1,100}\])[>#$%] ?$/;
const PASSWORD_PROMPT = /password: ?$/i;

export function isPasswordPrompt(line: string): boolean {
  return PASSWORD_PROMPT.test(line);
}

/** The prompt of one session: the first one seen fixes the host part later prompts must start with. */
export class PromptMatcher {
  #hostPart: string | undefined;

  /** True when `line` is this session's prompt (learning it on first sight). */
  matches(line: string): boolean {
    if (!GENERIC_PROMPT.test(line)) return false;
    const hostPart = hostPartOf(line);
    if (this.#hostPart === undefined) {
      this.#hostPart = hostPart;
      return true;
    }
    return hostPart === this.#hostPart;
  }

  /** `#` (privileged) or `>` (user EXEC) ... of a prompt line. */
  static mode(line: string): string {
    return line.trimEnd().slice(-1);
  }
}

// `asa(config)#` → `asa`, `asa/pri/act>` → `asa`, `ubnt@nano:/tmp$` → `ubnt@nano`, `[a@h ~]$` → `a@h`.
function hostPartOf(prompt: string): string {
  return prompt.trimEnd().slice(0, -1).replace(/^\[/, "").split(/[(:/ \]]/)[0]!;
}
