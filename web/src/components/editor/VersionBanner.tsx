/** Over a read-only old version: back to the latest, or restore it as the newest version. */
import { useState } from "react";
import { updateWorkflow } from "../../api/endpoints";
import { toApiGraph } from "../../graph/convert";
import { navigate } from "../../hooks/useRoute";
import { useEditor } from "../../store/editorStore";
import { toast } from "../../store/toastStore";
import { Link } from "../Link";

export function VersionBanner({ workflowId, version }: { workflowId: string; version: number }) {
  const [restoring, setRestoring] = useState(false);
  const restore = async () => {
    const { meta, nodes, edges } = useEditor.getState();
    if (!window.confirm(`Save version ${version} again as the newest version?`)) return;
    setRestoring(true);
    try {
      const saved = await updateWorkflow(workflowId, {
        name: meta.name,
        description: meta.description,
        graph: toApiGraph({ nodes, edges }),
      });
      toast.success(`Version ${version} restored as version ${saved.version}`);
      navigate(`/workflows/${workflowId}`);
    } catch (err) {
      toast.error(err);
    } finally {
      setRestoring(false);
    }
  };
  return (
    <div className="banner" role="status">
      Viewing version {version}, read-only.
      <Link href={`/workflows/${workflowId}`}>Back to the latest version</Link>
      <button type="button" onClick={() => void restore()} disabled={restoring}>
        Restore this version
      </button>
    </div>
  );
}
