import { existsSync, renameSync, rmSync } from "node:fs";

/**
 * Moves each prepared file or folder onto its target, all or none: the targets are first
 * moved aside, so should any move fail, what was moved in is removed and every target put back
 * as it was. What was aside is deleted once all are in place.
 *
 * @example
 * replaceAll([["acme.key.123.tmp", "acme.key"], ["acme.pub.123.tmp", "acme.pub"]]);
 */
export function replaceAll(moves: ReadonlyArray<readonly [prepared: string, target: string]>): void {
  const setAside: Array<[target: string, aside: string]> = [];
  const movedIn: string[] = [];
  try {
    for (const [, target] of moves) {
      if (!existsSync(target)) continue;
      const aside = `${target}.${process.pid}.old`;
      renameSync(target, aside);
      setAside.push([target, aside]);
    }
    for (const [prepared, target] of moves) {
      renameSync(prepared, target);
      movedIn.push(target);
    }
  } catch (error) {
    for (const target of movedIn) rmSync(target, { recursive: true, force: true });
    for (const [target, aside] of setAside) renameSync(aside, target);
    throw error;
  }
  for (const [, aside] of setAside) rmSync(aside, { recursive: true, force: true });
}
