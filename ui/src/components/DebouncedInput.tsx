import { useEffect, useState } from "preact/hooks";
import { useDebounced } from "../lib/hooks.ts";

interface Props {
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  label: string;
  type?: "search" | "text";
  class?: string;
  delayMs?: number;
}

/**
 * A text input that commits (to the URL, to a query) once typing pauses, and
 * follows `value` when it changes from outside (e.g. "Clear filters").
 */
export function DebouncedInput({ value, onCommit, placeholder, label, type = "search", class: className, delayMs = 300 }: Props) {
  const [text, setText] = useState(value);
  const settled = useDebounced(text, delayMs);
  useEffect(() => {
    if (settled.trim() !== value) onCommit(settled.trim());
    // runs when the typed text settles, not on every keystroke
  }, [settled]);
  useEffect(() => {
    if (value !== text.trim()) setText(value);
  }, [value]);
  const props = {
    class: className,
    placeholder,
    "aria-label": label,
    value: text,
    onInput: (e: Event) => setText((e.currentTarget as HTMLInputElement).value),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === "Enter") onCommit(text.trim());
    },
  };
  return type === "search" ? <input type="search" {...props} /> : <input type="text" {...props} />;
}
