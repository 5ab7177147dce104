/** Accounts: register, log in and out, who am I. */
import { http, unwrap } from "./client";
import { useSession, type UserPublic } from "./session";

export async function logIn(email: string, password: string): Promise<void> {
  const pair = await unwrap(http.POST("/api/auth/login", { body: { email, password } }));
  useSession.getState().signIn(pair);
  await loadMe();
}

export async function register(email: string, password: string, invitation?: string): Promise<void> {
  await unwrap(
    http.POST("/api/auth/register", { body: { email, password, invitation: invitation || null } }),
  );
  await logIn(email, password);
}

export async function loadMe(): Promise<UserPublic> {
  const user = await unwrap(http.GET("/api/auth/me"));
  useSession.getState().setUser(user);
  return user;
}

export async function logOut(): Promise<void> {
  const tokens = useSession.getState().tokens;
  try {
    if (tokens) await http.POST("/api/auth/logout", { body: { refresh_token: tokens.refresh } });
  } finally {
    useSession.getState().signOut();
  }
}
