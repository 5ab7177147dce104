"""Code, Function and Function Item are unsupported: the code is quoted, replacements named."""

from importers.n8n import convert

from ._export import MANUAL, chain, node


def _line(*nodes: dict):
    result = convert(chain(MANUAL, *nodes))
    (line,) = [line for line in result.report if line.node == nodes[-1]["name"]]
    return line, result


def test_code_quotes_its_first_three_lines_and_suggests_filter() -> None:
    code = "// keep big ones\nconst min = 10;\nreturn $input.all()\n  .filter(i => i.json.n > min);"
    line, result = _line(node("Code", "n8n-nodes-base.code", 2, {"jsCode": code}))
    assert line.status == "unsupported"
    assert "// keep big ones | const min = 10; | return $input.all() | ..." in line.message
    assert "transform.filter" in line.message
    assert all(n["id"] != "code" for n in result.graph["nodes"])


def test_python_code_and_per_item_mode_are_named() -> None:
    params = {"language": "python", "mode": "runOnceForEachItem", "pythonCode": "x = 1"}
    line, _ = _line(node("Py", "n8n-nodes-base.code", 2, params))
    assert line.message.startswith("Python code (run once for each item): x = 1")
    assert "transform.set" in line.message  # the generic advice names the usual nodes


def test_legacy_function_and_function_item() -> None:
    total = (
        "let total = 0;\nfor (const i of items) total += i.json.amount;\nreturn [{json: {total}}];"
    )
    line, _ = _line(node("F", "n8n-nodes-base.function", 1, {"functionCode": total}))
    assert line.message.startswith("Function code: let total = 0;")
    assert "transform.aggregate" in line.message
    upper = "item.name = item.name.toUpperCase();\nreturn item;"
    line, _ = _line(node("FI", "n8n-nodes-base.functionItem", 1, {"functionCode": upper}))
    assert line.message.startswith("Function Item code:") and "upper" in line.message


def test_empty_code_says_so() -> None:
    line, _ = _line(node("Empty", "n8n-nodes-base.code", 2, {"jsCode": "  \n"}))
    assert line.status == "unsupported" and "no code" in line.message
