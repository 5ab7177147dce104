/** The editor's right-hand panel: one tab at a time. */
import type { ReactNode } from "react";

export interface PanelTab<T extends string> {
  id: T;
  label: string;
  content: ReactNode;
}

interface SidePanelProps<T extends string> {
  tabs: PanelTab<T>[];
  active: T;
  onChange(tab: T): void;
}

export function SidePanel<T extends string>({ tabs, active, onChange }: SidePanelProps<T>) {
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <aside className="side-panel">
      <div className="tabs" role="tablist">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={tab.id === current?.id}
            className={tab.id === current?.id ? "tab active" : "tab"}
            onClick={() => onChange(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div className="side-panel-body" role="tabpanel">
        {current?.content}
      </div>
    </aside>
  );
}
