/** The node palette: search, grouped by category; drag a node onto the canvas or click it. */
import { useState, type DragEvent } from "react";
import type { NodeTypeInfo } from "../../api/types";
import { NODE_TYPE_MIME, paletteGroups } from "../../graph/catalog";
import { useCatalog } from "../../store/catalogStore";
import { ErrorState } from "../ErrorState";
import { Loading } from "../Loading";

export function Palette({ onAdd }: { onAdd(info: NodeTypeInfo): void }) {
  const { types, status, error, load } = useCatalog();
  const [query, setQuery] = useState("");
  const groups = paletteGroups(types, query);

  const startDrag = (event: DragEvent<HTMLElement>, info: NodeTypeInfo) => {
    event.dataTransfer.setData(NODE_TYPE_MIME, info.type);
    event.dataTransfer.effectAllowed = "move";
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <input
        type="search"
        className="palette-search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {status === "loading" && <Loading label="Loading nodes…" />}
      {status === "error" && (
        <ErrorState message={error ?? "could not load node types"} onRetry={() => void load()} />
      )}
      {status === "ready" && groups.length === 0 && <p className="muted">No node matches “{query}”.</p>}
      {groups.map((group) => (
        <section key={group.category} className="palette-group">
          <h4>{group.category}</h4>
          {group.types.map((info) => (
            <button
              key={info.type}
              type="button"
              className={`palette-item kind-${info.kind}`}
              data-node-type={info.type}
              draggable
              title={info.description}
              onDragStart={(e) => startDrag(e, info)}
              onClick={() => onAdd(info)}
            >
              <span className="palette-item-label">{info.label}</span>
              <span className="palette-item-type">{info.type}</span>
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
}
