/** Templates in the "New workflow" dialog: the search query and the credentials each one needs. */

/** What a template says it needs: a credential type and what for; `key` names it in the graph. */
export interface NeededCredential {
  key?: string;
  type: string;
  purpose: string;
}

export interface CredentialToSetUp extends NeededCredential {
  /** The type's label (e.g. "SMTP server"), or the type itself when unknown. */
  label: string;
  /** Credentials of this type the workspace already has. */
  have: number;
}

const MAX_QUERY = 200;

/** The `q` to send for a search box's text: trimmed, spaces collapsed; undefined when empty. */
export function searchQuery(text: string): string | undefined {
  const q = text.trim().replace(/\s+/g, " ").slice(0, MAX_QUERY);
  return q === "" ? undefined : q;
}

/** Each needed credential with its label and how many of its type the workspace has. */
export function credentialsToSetUp(
  needed: readonly NeededCredential[],
  workspace: readonly { type: string }[],
  labels: Readonly<Record<string, string>> = {},
): CredentialToSetUp[] {
  return needed.map((c) => ({
    ...c,
    label: labels[c.type] ?? c.type,
    have: workspace.filter((w) => w.type === c.type).length,
  }));
}

/** One sentence for after creating: which credentials still need setting up, if any. */
export function setUpSentence(credentials: readonly CredentialToSetUp[]): string | null {
  const missing = credentials.filter((c) => c.have === 0);
  if (missing.length === 0) return null;
  const names = [...new Set(missing.map((c) => c.label))];
  return `Set up ${names.length === 1 ? "this credential" : "these credentials"} on the Credentials page: ${names.join(", ")}.`;
}

/** Credential key → the chosen credential id ("" while none is chosen). */
export type CredentialChoice = Record<string, string>;

/** The first choice: a key whose type has exactly one credential in the workspace gets it. */
export function initialChoice(
  needed: readonly NeededCredential[],
  workspace: readonly { id: string; type: string }[],
): CredentialChoice {
  const choice: CredentialChoice = {};
  for (const c of needed) {
    if (!c.key) continue;
    const fitting = workspace.filter((w) => w.type === c.type);
    choice[c.key] = fitting.length === 1 && fitting[0] ? fitting[0].id : "";
  }
  return choice;
}

/** Keys still without a credential; the template can be used once this is empty. */
export function unchosenKeys(needed: readonly NeededCredential[], choice: CredentialChoice): string[] {
  return needed.flatMap((c) => (c.key && !choice[c.key] ? [c.key] : []));
}
