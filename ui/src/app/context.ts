import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import type { User } from "../api/types.ts";
import type { Route } from "./route.ts";

/** What every page of a signed-in session shares. */
export interface AppContextValue {
  client: ApiClient;
  user: User;
  route: Route;
  /** Goes to a hash; `replace` rewrites the current history entry (filter edits) instead of adding one. */
  navigate(hash: string, replace?: boolean): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside of a signed-in session");
  return value;
}
