import { SdkErrorCodes } from "./codes.ts";

/**
 * The one error shape of OpsConductor. Every package keeps a catalogue of stable
 * codes; an `OcError` carries one of them across the API, the CLI, the UI and the
 * sandbox boundary (where it travels as plain data, see {@link OcError.toData}).
 */
export interface ErrorData {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class OcError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OcError";
    this.code = code;
    this.details = details;
  }

  /** Plain, structured-clone-safe form: what crosses the sandbox and goes over the wire. */
  toData(): ErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static is(value: unknown, code?: string): value is OcError {
    return value instanceof OcError && (code === undefined || value.code === code);
  }

  /** Rebuilds an OcError from plain data (e.g. an error that crossed the sandbox). */
  static fromData(data: ErrorData): OcError {
    return new OcError(data.code, data.message, data.details);
  }
}

// The syscalls of node:fs, and the errors a file operation has (a socket's read or write fails
// with ECONNRESET, EPIPE...: those are not files): such a failure is a file the user named or the tool writes.
const FILE_ERRNOS = new Set([
  "ENOENT", "EISDIR", "ENOTDIR", "EACCES", "EPERM", "EEXIST", "ENOSPC", "EROFS", "EMFILE", "ENFILE", "ENAMETOOLONG", "ELOOP",
  "EXDEV", "ENOTEMPTY", "EBUSY", "EFBIG", "EDQUOT", "EIO",
]);
const FILE_SYSCALLS = new Set([
  "open", "read", "write", "close", "mkdir", "rmdir", "rm", "unlink", "rename", "stat", "lstat", "fstat", "scandir", "opendir",
  "readdir", "copyfile", "chmod", "chown", "access", "symlink", "link", "readlink", "realpath", "utime", "futime", "fsync", "mkdtemp", "cp",
]);

/**
 * Coerces anything thrown into plain error data, keeping an OcError's code. A failed file
 * operation of Node's (ENOENT, EISDIR, EACCES...) is FILE_ACCESS_FAILED with the system's
 * words and code: its own code is the OS's, not one of ours, and its message starts with it.
 */
export function toErrorData(error: unknown, fallbackCode = "INTERNAL"): ErrorData {
  if (error instanceof OcError) return error.toData();
  const system = error as NodeJS.ErrnoException | null;
  if (system instanceof Error && typeof system.syscall === "string" && FILE_SYSCALLS.has(system.syscall) && FILE_ERRNOS.has(system.code ?? "")) {
    return { code: SdkErrorCodes.FILE_ACCESS_FAILED, message: `${system.message.replace(`${system.code}: `, "")} (${system.code})` };
  }
  if (isErrorData(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: fallbackCode, message: error.message };
  return { code: fallbackCode, message: String(error) };
}

function isErrorData(value: unknown): value is ErrorData {
  return typeof value === "object" && value !== null
    && typeof (value as ErrorData).code === "string" && typeof (value as ErrorData).message === "string";
}
