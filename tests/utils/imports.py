"""Which modules a piece of code loads, asked of a fresh interpreter (other tests' imports
do not count)."""

import subprocess
import sys
from collections.abc import Sequence

_PROBE = """
import sys
{code}
print(",".join(m for m in {modules!r} if m in sys.modules))
"""


def modules_loaded_by(code: str, modules: Sequence[str]) -> list[str]:
    """Those of `modules` in `sys.modules` after running `code` in a new `python -c`."""
    probe = _PROBE.format(code=code, modules=tuple(modules))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]
