/** Loads a workflow (or one of its versions, read-only) into the editor store. */
import { useCallback, useEffect, useRef, useState } from "react";
import { readVersion, readWorkflow } from "../api/endpoints";
import { fromApiGraph, parseApiGraph } from "../graph/convert";
import { NEW_WORKFLOW, useEditor } from "../store/editorStore";
import { messageOf } from "../store/toastStore";

export function useWorkflowLoader(workflowId: string | null, version: number | null) {
  const [state, setState] = useState<{ loading: boolean; error: string | null }>({
    loading: true,
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const skip = useRef<string | null>(null);

  useEffect(() => {
    if (workflowId !== null && skip.current === workflowId && version === null) {
      skip.current = null; // the editor already holds what was just saved
      return;
    }
    let live = true;
    const done = () => {
      if (!live) return;
      setState({ loading: false, error: null });
      setGeneration((g) => g + 1);
    };
    if (workflowId === null) {
      useEditor.getState().load(NEW_WORKFLOW, { nodes: [], edges: [] });
      done();
      return;
    }
    setState({ loading: true, error: null });
    Promise.all([readWorkflow(workflowId), version === null ? null : readVersion(workflowId, version)])
      .then(([workflow, old]) => {
        if (!live) return;
        const base = { id: workflow.id, name: workflow.name, description: workflow.description };
        if (old === null) {
          useEditor
            .getState()
            .load({ ...base, version: workflow.version }, fromApiGraph(parseApiGraph(workflow.graph)));
        } else {
          useEditor
            .getState()
            .load({ ...base, version }, fromApiGraph(parseApiGraph(old.graph)), { readOnly: true });
        }
        done();
      })
      .catch((err: unknown) => live && setState({ loading: false, error: messageOf(err) }));
    return () => {
      live = false;
    };
  }, [workflowId, version, attempt]);

  return {
    ...state,
    generation,
    reload: () => setAttempt((a) => a + 1),
    justSaved: useCallback((id: string) => {
      skip.current = id;
    }, []),
  };
}
