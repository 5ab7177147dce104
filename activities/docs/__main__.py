"""`python -m activities.docs`: regenerate docs/nodes.md from the catalog."""

import sys

from . import DOCS_PATH, write_docs

count = write_docs()
print(f"wrote {DOCS_PATH} ({count} node types)", file=sys.stderr)
