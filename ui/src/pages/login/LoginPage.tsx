import { useState } from "preact/hooks";
import type { ApiClient } from "../../api/client.ts";
import { login } from "../../api/endpoints.ts";
import type { User } from "../../api/types.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";

interface Props {
  client: ApiClient;
  notice?: string;
  onLoggedIn: (user: User, csrfToken: string) => void;
}

export function LoginPage({ client, notice, onLoggedIn }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const answer = await login(client, username.trim(), password);
      onLoggedIn(answer.user, answer.csrfToken);
    } catch (caught) {
      setError(caught);
      setPassword("");
      setPending(false);
    }
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-label="Sign in">
        <div class="login-brand"><span class="brand-mark" aria-hidden="true" />OpsConductor</div>
        <p class="muted">Sign in to the alert console.</p>
        {notice && !error && <p class="notice" role="status">{notice}</p>}
        {error !== null && <ErrorBox error={error} compact />}
        <label class="field">
          <span>Username</span>
          <input name="username" autoComplete="username" required autoFocus value={username}
            onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn primary block" disabled={pending || !username || !password}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
