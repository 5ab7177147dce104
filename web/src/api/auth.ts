/** Accounts: register, log in and out, who am I, credentials for the pickers. */
import { http, unwrap } from "./client";
import type { components } from "./schema";
import { useSession, type UserPublic } from "./session";

export type CredentialPublic = components["schemas"]["CredentialPublic"];

/** One entry of GET /api/credential-types (an open object in the schema). */
export interface CredentialTypeInfo {
  type: string;
  label: string;
  kind: string;
}

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

export async function readCredentials(): Promise<CredentialPublic[]> {
  return (await unwrap(http.GET("/api/credentials"))).data;
}

export async function readCredentialTypes(): Promise<CredentialTypeInfo[]> {
  const data = await unwrap(http.GET("/api/credential-types"));
  return data as unknown as CredentialTypeInfo[];
}
