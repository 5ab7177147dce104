"""Files: FTP/SFTP, disk files, Spreadsheet File, Extract From File.

n8n passes files as binary properties of items (`data` by default); Sluice nodes pass a
file reference (`{"$blob": ...}`, usually an output's `file`) and keep the bytes in the
blob store. A converter reads "the input's binary `data`" as the upstream node's `file`.
"""

import re
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts

add_defaults("n8n-nodes-base.ftp", 1, {"protocol": "ftp", "operation": "download", "path": "/"})
add_defaults(
    "n8n-nodes-base.spreadsheetFile", 1, {"operation": "fromFile", "binaryPropertyName": "data"}
)
add_defaults(
    "n8n-nodes-base.extractFromFile", 1, {"operation": "csv", "binaryPropertyName": "data"}
)

_OUTPUT = re.compile(r"^nodes\.([A-Za-z_][\w-]*)\.output\b")


def input_file(ctx: Context, parameter: str = "binaryPropertyName") -> str:
    """`{{ ... }}` for the file the n8n node reads from its input's binary property."""
    prop = str(ctx.param(parameter) or "data")
    found = _OUTPUT.match(ctx.input_item())
    if not found:
        raise Unsupported(
            "the node reads a file but its input comes from no node's output",
            "give it a file reference from a node that outputs one (sftp.download, file.write_*)",
        )
    if prop != "data" and parameter == "binaryPropertyName":
        ctx.approximate(f"binary property {prop!r}: read as the upstream node's `file`", parameter)
    return "{{ " + f"nodes.{found.group(1)}.output.file" + " }}"


def _rows_out(converted: Converted) -> Converted:
    converted.item = f"nodes.{converted.entry}.output.rows[0]"
    converted.items = f"nodes.{converted.entry}.output.rows"
    converted.error_exit = (converted.entry or "", "error")
    converted.notes.append(
        "n8n emits one item per row: downstream `$json` reads the first row, `.all()` `rows`"
    )
    return converted


def _rows_in(ctx: Context) -> str:
    return "{{ " + (ctx.input_items() or f"[{ctx.input_item()}]") + " }}"


# ---- FTP / SFTP ----------------------------------------------------------------------


@converts("n8n-nodes-base.ftp")
def ftp(node: N8nNode, ctx: Context) -> Converted:
    """SFTP upload, download and list → sftp.*; plain FTP is not spoken by Sluice."""
    if ctx.param("protocol") != "sftp":
        raise Unsupported(
            "plain FTP: Sluice transfers files over SFTP only (FTP sends passwords in clear)",
            "switch the server to SFTP (most FTP servers offer it) and use the sftp nodes, "
            "or fetch the file over HTTPS with http.request",
        )
    operation = ctx.param("operation")
    config: dict[str, Any] = {"credential_id": ctx.credential(node, "sftp", "sftp")}
    path = ctx.expr(ctx.param("path") or "", "path")
    if operation == "download":
        config["remote_path"] = path
        converted = ctx.single("sftp.download", config)
    elif operation == "upload":
        if ctx.param("binaryData") is False:
            raise Unsupported(
                "uploading text typed in the node: sftp.upload sends a file reference",
                "produce the file upstream (e.g. file.write_csv) and upload its `file`",
            )
        config.update(file=input_file(ctx), remote_path=path)
        if (ctx.param("options") or {}).get("createDirectories") is not False:
            config["create_dirs"] = True
        converted = ctx.single("sftp.upload", config)
    elif operation == "list":
        config["path"] = path or "."
        if ctx.param("recursive"):
            ctx.approximate("recursive listing: sftp.list lists one folder", "recursive")
        converted = ctx.single("sftp.list", config)
        converted.item = f"nodes.{converted.entry}.output.entries[0]"
        converted.items = f"nodes.{converted.entry}.output.entries"
        converted.notes.append("n8n emits one item per entry: `.all()` reads `entries`")
    else:
        raise Unsupported(
            f"SFTP {operation}: Sluice's SFTP nodes upload, download and list",
            "do it on the server (a scheduled job), or through its HTTP API with http.request",
        )
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(
    "n8n-nodes-base.readBinaryFile",
    "n8n-nodes-base.readBinaryFiles",
    "n8n-nodes-base.writeBinaryFile",
    "n8n-nodes-base.readWriteFile",
)
def disk_file(node: N8nNode, ctx: Context) -> Converted:
    """Files on the n8n host's disk have no Sluice counterpart."""
    raise Unsupported(
        "reads or writes the n8n host's local disk: Sluice workers share no disk; files "
        "live in the blob store and pass between nodes as references",
        "read the file from where it really lives (sftp.download, http.request) and hand "
        "written files on (sftp.upload, email.send attachments)",
    )


# ---- Spreadsheet File, Extract From File ---------------------------------------------

_EXCEL = {"xlsx", "xls"}


def _autodetect(ctx: Context) -> str:
    # The format is known only at run time in n8n; CSV is the common case.
    ctx.approximate(
        "autodetect: read as CSV (n8n detects the format at run time); for .xlsx files "
        "change the node to file.parse_excel",
        "fileFormat",
    )
    return "csv"


def parse_config(ctx: Context, fmt: str, options: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Sluice parse node and config for a CSV or Excel file on the input."""
    config: dict[str, Any] = {"file": input_file(ctx)}
    if options.get("headerRow") is False:
        config["has_header"] = False
    if options.get("rawData") or options.get("readAsString"):
        config["infer_types"] = False
    if fmt == "csv":
        if options.get("delimiter") and len(options["delimiter"]) == 1:
            config["delimiter"] = options["delimiter"]
        if options.get("encoding"):
            config["encoding"] = {"utf8": "utf-8", "latin1": "latin-1", "utf16le": "utf-16-le"}.get(
                options["encoding"], options["encoding"]
            )
        if isinstance(options.get("maxRowCount"), int) and options["maxRowCount"] > 0:
            config["max_rows"] = options["maxRowCount"]
        node_type = "file.parse_csv"
    elif fmt in _EXCEL:
        if options.get("sheetName"):
            config["sheet"] = options["sheetName"]
        if fmt == "xls":
            ctx.approximate("legacy .xls: file.parse_excel reads .xlsx workbooks", "fileFormat")
        node_type = "file.parse_excel"
    else:
        raise Unsupported(
            f"{fmt} files: Sluice reads CSV and .xlsx spreadsheets",
            "save the sheet as CSV or .xlsx upstream",
        )
    skipped = sorted(set(options) & {"range", "fromLine", "includeEmptyCells"})
    if skipped:
        ctx.approximate(f"options not carried over: {', '.join(skipped)}", "options")
    return node_type, config


@converts("n8n-nodes-base.spreadsheetFile")
def spreadsheet_file(node: N8nNode, ctx: Context) -> Converted:
    """Read → file.parse_csv / parse_excel; write → file.write_csv / write_excel."""
    options = ctx.param("options") or {}
    # one parameter, two defaults: read autodetects, write makes .xls
    if ctx.param("operation") == "toFile":
        return write_rows(ctx, node.parameters.get("fileFormat", "xls"), options)
    fmt = node.parameters.get("fileFormat", "autodetect")
    if fmt == "autodetect":
        fmt = _autodetect(ctx)
    node_type, config = parse_config(ctx, fmt, options)
    return _rows_out(ctx.single(node_type, config))


def write_rows(ctx: Context, fmt: str, options: dict[str, Any]) -> Converted:
    """The input items written as a CSV or .xlsx file."""
    config: dict[str, Any] = {"rows": _rows_in(ctx)}
    name = options.get("fileName")
    if fmt == "csv":
        node_type = "file.write_csv"
        config["file_name"] = ctx.try_expr(name, "options.fileName") if name else "spreadsheet.csv"
        if options.get("headerRow") is False:
            config["include_header"] = False
        if options.get("delimiter") and len(options["delimiter"]) == 1:
            config["delimiter"] = options["delimiter"]
    elif fmt in _EXCEL:
        node_type = "file.write_excel"
        config["file_name"] = ctx.try_expr(name, "options.fileName") if name else "spreadsheet.xlsx"
        config["sheet_name"] = options.get("sheetName") or "Sheet"
        if fmt == "xls":
            ctx.approximate("legacy .xls: written as an .xlsx workbook", "fileFormat")
        if options.get("headerRow") is False:
            ctx.approximate("headerRow off: the .xlsx keeps its header row", "options.headerRow")
    else:
        raise Unsupported(f"writing {fmt} files: Sluice writes CSV and .xlsx", "choose CSV or XLSX")
    converted = ctx.single(node_type, config)
    converted.notes.append("text cells starting with = + - @ are written quoted (no formulas)")
    converted.error_exit = (converted.entry or "", "error")
    return converted


_EXTRACTS = {"csv", "xlsx", "xls", "pdf", "fromJson", "xml", "text"}


@converts("n8n-nodes-base.extractFromFile")
def extract_from_file(node: N8nNode, ctx: Context) -> Converted:
    """CSV, XLSX/XLS, PDF, JSON, XML and text files → the matching file.parse_* node."""
    operation = ctx.param("operation")
    options = ctx.param("options") or {}
    if operation not in _EXTRACTS:
        raise Unsupported(
            f"extracting from {operation}: Sluice reads CSV, Excel, PDF, JSON, XML and text",
            "convert the file upstream to one of those",
        )
    if operation in ("csv", "xlsx", "xls"):
        node_type, parsed = parse_config(ctx, operation, options)
        return _rows_out(ctx.single(node_type, parsed))
    config: dict[str, Any] = {"file": input_file(ctx)}
    if operation == "pdf":
        if options.get("password"):
            config["password"] = ctx.try_expr(options["password"], "options.password")
        if isinstance(options.get("maxPages"), int) and options["maxPages"] > 0:
            config["max_pages"] = options["maxPages"]
        converted = ctx.single("file.parse_pdf", config)
        out = f"nodes.{converted.entry}.output"
        converted.item = (
            f'{{text: join(`"\\n\\n"`, {out}.pages[*].text), numpages: {out}.page_count, '
            f"info: {out}.metadata}}"
        )
        if options.get("joinPages") is False:
            converted.items = f"{out}.pages"
            ctx.approximate("joinPages off: `.all()` reads the pages", "options.joinPages")
        converted.error_exit = (converted.entry or "", "error")
        return converted
    if operation == "fromJson":
        converted = ctx.single("file.parse_json", config)
        converted.error_exit = (converted.entry or "", "error")
        return converted
    if operation == "xml":
        converted = ctx.single("file.parse_xml", config)
        ctx.approximate(
            "n8n gives the XML text; Sluice parses it to JSON (`data`): a following XML "
            "node is not needed",
            "operation",
        )
        return converted
    # text: the only operation left
    config.update(delimiter="\x1f", has_header=False, infer_types=False)
    converted = ctx.single("file.parse_csv", config)
    rows = f"nodes.{converted.entry}.output.rows[*].column_1"
    converted.item = f'{{data: join(`"\\n"`, {rows})}}'
    ctx.approximate(
        "read as one-column CSV lines joined again: blank lines and quote marks at a "
        "line start may differ",
        "operation",
    )
    return converted
