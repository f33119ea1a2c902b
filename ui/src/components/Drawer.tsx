import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

interface Props {
  title: ComponentChildren;
  onClose: () => void;
  children: ComponentChildren;
  label?: string;
}

/** A side panel over the right of the page; Escape or the backdrop closes it. */
export function Drawer({ title, onClose, children, label }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    addEventListener("keydown", onKey);
    panel.current?.focus();
    return () => removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div class="drawer-layer">
      <div class="drawer-backdrop" onClick={onClose} />
      <div class="drawer" role="dialog" aria-modal="true" aria-label={label} tabIndex={-1} ref={panel}>
        <header class="drawer-head">
          <div class="drawer-title">{title}</div>
          <button type="button" class="btn ghost icon" aria-label="Close" onClick={onClose}>×</button>
        </header>
        <div class="drawer-body">{children}</div>
      </div>
    </div>
  );
}
