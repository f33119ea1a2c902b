import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OcError, toErrorData } from "./oc-error.ts";

test("toErrorData keeps an OcError's code and details, and plain error data", () => {
  assert.deepEqual(toErrorData(new OcError("KEY_INVALID", "bad key", { file: "k" })), { code: "KEY_INVALID", message: "bad key", details: { file: "k" } });
  assert.deepEqual(toErrorData({ code: "ADDON_TIMEOUT", message: "too slow" }), { code: "ADDON_TIMEOUT", message: "too slow" });
  assert.deepEqual(toErrorData(new Error("boom")), { code: "INTERNAL", message: "boom" });
  assert.deepEqual(toErrorData("text", "ADDON_CALL_FAILED"), { code: "ADDON_CALL_FAILED", message: "text" });
});

test("a failed file operation is FILE_ACCESS_FAILED with the system's words and code, not the OS code twice", () => {
  const dir = mkdtempSync(join(tmpdir(), "oc-err-"));
  const caught = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      return toErrorData(error);
    }
    throw new Error("did not throw");
  };
  assert.deepEqual(caught(() => readFileSync(dir)), { code: "FILE_ACCESS_FAILED", message: "illegal operation on a directory, read (EISDIR)" });
  assert.deepEqual(caught(() => readFileSync(join(dir, "missing.key"))),
    { code: "FILE_ACCESS_FAILED", message: `no such file or directory, open '${join(dir, "missing.key")}' (ENOENT)` });
});

test("a socket's failed read is not a file error: it keeps its own code", () => {
  const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read", errno: -104 });
  assert.deepEqual(toErrorData(reset), { code: "ECONNRESET", message: "read ECONNRESET" });
});
