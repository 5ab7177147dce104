/** The palette's view of the catalog: search, then group by category (triggers first). */
import type { NodeTypeInfo } from "../api/types";

export interface PaletteGroup {
  category: string;
  types: NodeTypeInfo[];
}

export function paletteGroups(types: NodeTypeInfo[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = types.filter((t) => {
    const text = `${t.label} ${t.type} ${t.category} ${t.description}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const groups = new Map<string, NodeTypeInfo[]>();
  for (const t of matches) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  return [...groups.entries()]
    .map(([category, list]) => ({ category, types: list }))
    .sort((a, b) => rank(a.category) - rank(b.category));
}

function rank(category: string): number {
  return category.toLowerCase().startsWith("trigger") ? 0 : 1;
}

export const NODE_TYPE_MIME = "application/x-sluice-node-type";
