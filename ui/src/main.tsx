import { render } from "preact";
import { App } from "./app/App.tsx";
import "./styles/app.css";

// Apply a forced theme before the first paint (ThemeToggle keeps it in step afterwards).
try {
  const theme = localStorage.getItem("oc-theme");
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
} catch {
  // storage unavailable: follow the OS
}

render(<App />, document.getElementById("app")!);
