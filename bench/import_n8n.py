"""Import coverage on a directory of n8n exports: `python -m bench.import_n8n DIR`."""

import json
import sys
from collections import defaultdict
from pathlib import Path

from importers.n8n import InvalidExport, convert


def main(directory: str) -> None:
    files = sorted(Path(directory).glob("*.json"))
    clean = total_nodes = ok_nodes = 0
    per_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path in files:
        try:
            result = convert(json.loads(path.read_text()))
        except (InvalidExport, json.JSONDecodeError) as exc:
            print(f"{path.name}: not an n8n export ({exc})")
            continue
        clean += result.fully_converted
        worst: dict[str, tuple[str, str]] = {}
        rank = {"converted": 0, "approximated": 1, "dropped": 2, "unsupported": 3}
        for line in result.report:
            seen = worst.get(line.node)
            if seen is None or rank[line.status] > rank[seen[1]]:
                worst[line.node] = (line.n8n_type, line.status)
        for n8n_type, status in worst.values():
            per_type[n8n_type]["count"] += 1
            per_type[n8n_type][status] += 1
            if status != "dropped":
                total_nodes += 1
                ok_nodes += status in ("converted", "approximated")
    print(
        f"workflows with no unsupported node: {clean}/{len(files)} = "
        f"{clean / max(len(files), 1):.0%}"
    )
    print(
        f"nodes converted (converted+approximated / all): {ok_nodes}/{total_nodes} = "
        f"{ok_nodes / max(total_nodes, 1):.0%}"
    )
    print(f"{'n8n node type':45} count conv approx unsup")
    for n8n_type, c in sorted(per_type.items()):
        print(
            f"{n8n_type:45} {c['count']:5} {c['converted']:4} {c['approximated']:6} "
            f"{c['unsupported']:5}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/importers/n8n/corpus")
