import type { User } from "../api/types.ts";
import { buildHash, type Page } from "../app/route.ts";
import { ThemeToggle } from "./ThemeToggle.tsx";

const NAV: { page: Page; label: string }[] = [
  { page: "alerts", label: "Alerts" },
  { page: "mappings", label: "Mappings" },
  { page: "scheduler", label: "Scheduler" },
  { page: "devices", label: "Devices" },
  { page: "connectors", label: "Connectors" },
  { page: "addons", label: "Addons" },
];

interface Props {
  user: User;
  page: Page;
  onLogout: () => void;
  loggingOut: boolean;
}

export function Header({ user, page, onLogout, loggingOut }: Props) {
  return (
    <header class="topbar">
      <a class="brand" href={buildHash("alerts")}>
        <span class="brand-mark" aria-hidden="true" />OpsConductor
      </a>
      <nav class="nav" aria-label="Main">
        {NAV.map((item) => (
          <a key={item.page} href={buildHash(item.page)} class={item.page === page ? "active" : undefined}
            aria-current={item.page === page ? "page" : undefined}>{item.label}</a>
        ))}
      </nav>
      <div class="topbar-right">
        <ThemeToggle />
        <span class="user" data-testid="current-user">
          <span class="user-name">{user.username}</span>
          <span class={`badge role role-${user.role}`}>{user.role}</span>
        </span>
        <button type="button" class="btn small ghost" onClick={onLogout} disabled={loggingOut}>Log out</button>
      </div>
    </header>
  );
}
