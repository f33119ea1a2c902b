import type { ClientChannel } from "ssh2";
import { StringDecoder } from "node:string_decoder";
import { hostError } from "../../errors.ts";
import { isPasswordPrompt, PromptMatcher } from "./cli-prompt.ts";
import { currentLine, endsWithPager, renderTerminal, stripPagerMarkers } from "./terminal-text.ts";

export interface CliSessionOptions {
  /** Per step (login prompt, enable, each command). */
  timeoutMs: number;
  /** Cap of one command's raw output. */
  maxBytes: number;
}

type Stop = "prompt" | "password";

/**
 * Drives one interactive CLI session (Cisco-style): waits for the prompt, answers
 * `enable`'s password, pages through `<--- More --->` with a space when the pager
 * is still on, and returns each command's output without echo, prompt, ANSI or CR.
 */
export class CliSession {
  readonly #stream: ClientChannel;
  readonly #options: CliSessionOptions;
  readonly #prompt = new PromptMatcher();
  readonly #decoder = new StringDecoder("utf8");
  #buffer = "";
  #closed = false;
  #lastPrompt = "";
  #onChange: (() => void) | undefined;

  constructor(stream: ClientChannel, options: CliSessionOptions) {
    this.#stream = stream;
    this.#options = options;
    const append = (data: Buffer) => {
      this.#buffer += this.#decoder.write(data);
      this.#onChange?.();
    };
    stream.on("data", append);
    stream.stderr.on("data", append);
    stream.on("close", () => {
      this.#closed = true;
      this.#onChange?.();
    });
  }

  /** The mode character of the last prompt: `>` user EXEC, `#` privileged, `$` shell. */
  get mode(): string {
    return PromptMatcher.mode(this.#lastPrompt);
  }

  /** Waits for the first prompt after login (banners before it are skipped). */
  async start(): Promise<void> {
    await this.#waitFor(0, "the login prompt", false);
  }

  /** `enable`, answering its password prompt; BROKER_SSH_AUTH when privileged mode is not reached. */
  async enable(password: string | undefined): Promise<void> {
    if (this.mode === "#") return;
    let from = this.#send("enable");
    let stop = await this.#waitFor(from, "the enable prompt", true);
    if (stop === "password") {
      from = this.#send(password ?? "");
      stop = await this.#waitFor(from, "the privileged prompt", true).catch((error: unknown) => {
        // Some devices refuse by hanging up ("Access denied", then the session ends).
        if (this.#closed) throw hostError("BROKER_SSH_AUTH", "the enable password was refused (the device closed the session)");
        throw error;
      });
      if (stop === "password") {
        this.#stream.close();
        throw hostError("BROKER_SSH_AUTH", "the enable password was refused");
      }
    }
    if (this.mode !== "#") throw hostError("BROKER_SSH_AUTH", "enable did not reach privileged mode (no enable password configured?)");
  }

  /** Runs one command and returns its output. */
  async run(command: string): Promise<string> {
    const from = this.#send(command);
    await this.#waitFor(from, `the prompt after '${command}'`, false);
    const lines = renderTerminal(stripPagerMarkers(this.#buffer.slice(from))).split("\n");
    lines.pop(); // the prompt
    if (lines[0] !== undefined && lines[0].trimEnd().endsWith(command)) lines.shift(); // the echo
    return lines.join("\n");
  }

  #send(line: string): number {
    const from = this.#buffer.length;
    this.#stream.write(`${line}\n`);
    return from;
  }

  /** Resolves when the cursor's line is the prompt (or a password prompt, if `password`); answers pagers meanwhile. */
  #waitFor(from: number, what: string, password: boolean): Promise<Stop> {
    return new Promise<Stop>((resolve, reject) => {
      let pagerAnsweredAt = -1;
      const finish = (error: Error | undefined, stop?: Stop) => {
        clearTimeout(timer);
        this.#onChange = undefined;
        if (error) reject(error);
        else resolve(stop!);
      };
      const timer = setTimeout(() => finish(hostError("BROKER_SSH_TIMEOUT",
        `${what} did not come within ${this.#options.timeoutMs} ms`, { waitedFor: what })), this.#options.timeoutMs);
      const check = () => {
        const segment = this.#buffer.slice(from);
        if (Buffer.byteLength(segment) > this.#options.maxBytes) {
          return finish(hostError("BROKER_RESPONSE_TOO_LARGE", `the output before ${what} passed the ${this.#options.maxBytes}-byte cap`));
        }
        const line = currentLine(segment);
        if (this.#prompt.matches(line)) {
          this.#lastPrompt = line;
          return finish(undefined, "prompt");
        }
        if (password && isPasswordPrompt(line)) return finish(undefined, "password");
        if (endsWithPager(line) && this.#buffer.length > pagerAnsweredAt) {
          pagerAnsweredAt = this.#buffer.length;
          this.#stream.write(" ");
          return;
        }
        if (this.#closed) finish(hostError("BROKER_SSH_ERROR", `the device closed the session while waiting for ${what}`));
      };
      this.#onChange = check;
      check();
    });
  }
}
