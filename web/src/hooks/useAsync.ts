/** Load data for a page: loading, error and a reload function. */
import { useCallback, useEffect, useState } from "react";
import { messageOf } from "../store/toastStore";

export interface Async<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  reload(): void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | null; loading: boolean; error: string | null }>({
    data: null,
    loading: true,
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  // The caller lists what `load` depends on, as with useEffect.
  const run = useCallback(load, deps);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    run().then(
      (data) => live && setState({ data, loading: false, error: null }),
      (error: unknown) => live && setState({ data: null, loading: false, error: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [run, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
