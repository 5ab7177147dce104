/** While the editor holds unsaved changes, leaving the page (in the app or the tab) asks first. */
import { useEffect } from "react";
import { useEditor } from "../store/editorStore";
import { setNavigationGuard } from "./useRoute";

export function useUnsavedChangesGuard() {
  useEffect(() => {
    const unsaved = () => useEditor.getState().dirty && !useEditor.getState().readOnly;
    setNavigationGuard(() => !unsaved() || window.confirm("Discard your unsaved changes?"));
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (unsaved()) event.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      setNavigationGuard(null);
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, []);
}
