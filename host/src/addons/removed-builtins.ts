import { existsSync, readFileSync } from "node:fs";
import { replaceFile } from "../util/replace-file.ts";

/**
 * The built-in addons an admin uninstalled (`data/addons/removed-builtins.json`): the start
 * installs missing built-ins, and without this mark an uninstalled one came back at the next
 * restart. Installing the id again by hand clears its mark.
 */
export class RemovedBuiltins {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  has(id: string): boolean {
    return this.#read().includes(id);
  }

  add(id: string): void {
    const ids = this.#read();
    if (!ids.includes(id)) this.#write([...ids, id].sort());
  }

  delete(id: string): void {
    const ids = this.#read();
    if (ids.includes(id)) this.#write(ids.filter((other) => other !== id));
  }

  #read(): string[] {
    if (!existsSync(this.#file)) return [];
    try {
      const ids: unknown = JSON.parse(readFileSync(this.#file, "utf8"));
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
    } catch {
      return []; // Unreadable: the built-ins come back, the safe side for a monitoring tool.
    }
  }

  #write(ids: string[]): void {
    replaceFile(this.#file, JSON.stringify(ids));
  }
}
