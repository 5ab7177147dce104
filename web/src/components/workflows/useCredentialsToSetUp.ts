import { useMemo } from "react";
import {
  credentialsToSetUp,
  type CredentialToSetUp,
  type NeededCredential,
} from "../../newWorkflow/templateSearch";
import { useCredentials } from "../../store/credentialStore";

/** A template's credentials against the workspace's, with type labels; follows the store. */
export function useCredentialsToSetUp(needed: readonly NeededCredential[]): CredentialToSetUp[] {
  const credentials = useCredentials((s) => s.credentials);
  const types = useCredentials((s) => s.types);
  return useMemo(
    () => credentialsToSetUp(needed, credentials, Object.fromEntries(types.map((t) => [t.type, t.label]))),
    [needed, credentials, types],
  );
}
