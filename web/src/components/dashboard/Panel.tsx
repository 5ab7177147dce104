/** A titled card of the dashboard. */
import type { ReactNode } from "react";

export function Panel({
  title,
  aside,
  children,
  className,
  testId,
}: {
  title: string;
  /** Shown right of the title: a total, a toggle. */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`dash-panel ${className ?? ""}`} data-testid={testId} aria-label={title}>
      <header className="dash-panel-head">
        <h3>{title}</h3>
        {aside && <div className="dash-panel-aside">{aside}</div>}
      </header>
      {children}
    </section>
  );
}
