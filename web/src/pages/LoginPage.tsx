/** Sign in, or create an account (the first account becomes the administrator). */
import { useState, type FormEvent } from "react";
import { logIn, register } from "../api/auth";
import { useSession } from "../api/session";
import { messageOf } from "../store/toastStore";

export function LoginPage() {
  const [mode, setMode] = useState<"login" | "register">("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [invitation, setInvitation] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const endedBecause = useSession((s) => s.endedBecause);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "login") await logIn(email, password);
      else await register(email, password, invitation.trim() || undefined);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const registering = mode === "register";
  return (
    <div className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h2 id="login-title">{registering ? "Create your account" : "Sign in to Sluice"}</h2>
        {endedBecause && !error && <p className="muted">{endedBecause}</p>}
        <div className="field">
          <label htmlFor="login-email">Email</label>
          <input
            id="login-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autoComplete={registering ? "new-password" : "current-password"}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {registering && (
          <div className="field">
            <label htmlFor="login-invitation">Invitation (if registration is closed)</label>
            <input
              id="login-invitation"
              type="text"
              value={invitation}
              onChange={(e) => setInvitation(e.target.value)}
            />
          </div>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? "Please wait…" : registering ? "Create account" : "Sign in"}
        </button>
        <p className="muted">
          {registering ? "Already have an account? " : "New here? "}
          <button
            type="button"
            className="link-button"
            onClick={() => setMode(registering ? "login" : "register")}
          >
            {registering ? "Sign in" : "Create an account"}
          </button>
        </p>
      </form>
    </div>
  );
}
