/** Editor shortcuts: undo/redo, copy/paste, delete, select all, save. */
import { useEffect } from "react";
import { useEditor } from "../store/editorStore";
import { toast } from "../store/toastStore";

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useKeyboardShortcuts(onSave: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        onSave();
        return;
      }
      if (typingInField(event.target)) return;
      const editor = useEditor.getState();
      if (editor.readOnly) return;
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && key === "y") {
        event.preventDefault();
        editor.redo();
      } else if (mod && key === "c") {
        const count = editor.copy();
        if (count > 0) toast.info(`Copied ${count} node${count > 1 ? "s" : ""}`);
      } else if (mod && key === "v") {
        event.preventDefault();
        editor.paste();
      } else if (mod && key === "a") {
        event.preventDefault();
        editor.selectAll();
      } else if (key === "delete" || key === "backspace") {
        event.preventDefault();
        editor.deleteSelected();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onSave]);
}
