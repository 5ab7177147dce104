"""The configuration table in README.md, generated from `Settings` (a test keeps it current)."""

import ast
import inspect

from .config import Settings

BEGIN = "<!-- settings:begin -->"
END = "<!-- settings:end -->"


def field_docs() -> dict[str, str]:
    """Each field's docstring (the string literal right after it in the class body)."""
    body = ast.parse(inspect.getsource(Settings)).body[0].body  # type: ignore[attr-defined]
    docs = {}
    for node, after in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                docs[node.target.id] = " ".join(str(after.value.value).split())
    return docs


def settings_table() -> str:
    docs = field_docs()
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = "" if field.default is None else field.default
        rows.append(f"| `{name.upper()}` | `{default}` | {docs.get(name, '')} |")
    return "\n".join([BEGIN, *rows, END])


if __name__ == "__main__":
    print(settings_table())
