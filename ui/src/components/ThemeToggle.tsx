import { useEffect, useState } from "preact/hooks";

type Theme = "auto" | "dark" | "light";
const KEY = "oc-theme";
const NEXT: Record<Theme, Theme> = { auto: "dark", dark: "light", light: "auto" };
const ICON: Record<Theme, string> = { auto: "◐", dark: "●", light: "○" };

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY);
    return value === "dark" || value === "light" ? value : "auto";
  } catch {
    return "auto";
  }
}

/** Follows the OS by default; a click forces dark, then light, then back to the OS setting. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    if (theme === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    try {
      if (theme === "auto") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, theme);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, [theme]);
  return (
    <button type="button" class="btn small ghost icon" title={`Theme: ${theme} (click to change)`} aria-label={`Theme: ${theme}`}
      onClick={() => setTheme(NEXT[theme])}>{ICON[theme]}</button>
  );
}
