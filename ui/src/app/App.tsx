import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ApiClient } from "../api/client.ts";
import { isAbort } from "../api/errors.ts";
import { logout as apiLogout, me } from "../api/endpoints.ts";
import type { User } from "../api/types.ts";
import { ErrorBox } from "../components/ErrorBox.tsx";
import { Header } from "../components/Header.tsx";
import { AddonsPage } from "../pages/addons/AddonsPage.tsx";
import { AlertsPage } from "../pages/alerts/AlertsPage.tsx";
import { ConnectorsPage } from "../pages/connectors/ConnectorsPage.tsx";
import { DevicesPage } from "../pages/devices/DevicesPage.tsx";
import { LoginPage } from "../pages/login/LoginPage.tsx";
import { MappingsPage } from "../pages/mappings/MappingsPage.tsx";
import { SchedulerPage } from "../pages/scheduler/SchedulerPage.tsx";
import { AppContext, type AppContextValue } from "./context.ts";
import { useRoute } from "./useRoute.ts";

type Session =
  | { state: "checking" }
  | { state: "anonymous"; notice?: string }
  | { state: "failed"; error: unknown }
  | { state: "signed-in"; user: User };

/** The shell: finds out who is signed in, then shows the login page or the header and the routed page. */
export function App() {
  const client = useMemo(() => new ApiClient(), []);
  const [session, setSession] = useState<Session>({ state: "checking" });
  const [route, navigate] = useRoute();
  const [loggingOut, setLoggingOut] = useState(false);

  const check = useCallback((signal?: AbortSignal) => {
    setSession({ state: "checking" });
    me(client, signal).then(
      (answer) => {
        client.setCsrfToken(answer.csrfToken);
        setSession({ state: "signed-in", user: answer.user });
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        const code = (error as { code?: string }).code;
        if (code === "AUTH_REQUIRED" || code === "AUTH_SESSION_EXPIRED") setSession({ state: "anonymous" });
        else setSession({ state: "failed", error });
      },
    );
  }, [client]);

  useEffect(() => {
    const controller = new AbortController();
    client.onAuthLost = (error) => {
      client.setCsrfToken(null);
      setSession({ state: "anonymous", notice: error.code === "AUTH_SESSION_EXPIRED" ? "Your session has expired. Sign in again." : "You have been signed out. Sign in again." });
    };
    check(controller.signal);
    return () => controller.abort();
  }, [client, check]);

  const onLoggedIn = useCallback((user: User, csrfToken: string) => {
    client.setCsrfToken(csrfToken);
    setSession({ state: "signed-in", user });
  }, [client]);

  const onLogout = useCallback(async () => {
    setLoggingOut(true);
    try {
      await apiLogout(client);
    } catch {
      // the session is gone either way as far as this page is concerned
    }
    client.setCsrfToken(null);
    setLoggingOut(false);
    setSession({ state: "anonymous", notice: "You have been signed out." });
  }, [client]);

  const context = useMemo<AppContextValue | null>(
    () => (session.state === "signed-in" ? { client, user: session.user, route, navigate } : null),
    [client, session, route, navigate],
  );

  if (session.state === "checking") return <div class="boot" aria-busy="true">Loading…</div>;
  if (session.state === "failed") {
    return (
      <main class="boot">
        <ErrorBox error={session.error} onRetry={() => check()} />
      </main>
    );
  }
  if (session.state === "anonymous" || !context) {
    return <LoginPage client={client} notice={session.state === "anonymous" ? session.notice : undefined} onLoggedIn={onLoggedIn} />;
  }
  return (
    <AppContext.Provider value={context}>
      <Header user={context.user} page={route.page} onLogout={onLogout} loggingOut={loggingOut} />
      <main class="page">
        {route.page === "alerts" && <AlertsPage />}
        {route.page === "mappings" && <MappingsPage />}
        {route.page === "scheduler" && <SchedulerPage />}
        {route.page === "devices" && <DevicesPage />}
        {route.page === "connectors" && <ConnectorsPage />}
        {route.page === "addons" && <AddonsPage />}
      </main>
    </AppContext.Provider>
  );
}
