/** Node and edge ids: readable, unique, and valid inside expressions (`nodes.<id>.output`). */

/** The smallest free `<type>_<n>` id, e.g. `http_request_2`. */
export function nextNodeId(nodeType: string, taken: ReadonlySet<string>): string {
  let base = nodeType.replace(/[^A-Za-z0-9_]/g, "_").replace(/_+/g, "_");
  if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
  base = base.slice(0, 56);
  for (let n = 1; ; n += 1) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function edgeId(source: string, sourceHandle: string, target: string, targetHandle: string) {
  return `${source}.${sourceHandle}->${target}.${targetHandle}`;
}
