"""FTP/SFTP, disk files, Spreadsheet File, Extract From File, XML, HTML, Markdown."""

from importers.n8n import convert

from ._export import chain, node
from ._export import converted_after_manual as _convert
from ._export import report_lines as _lines

SFTP = {"sftp": {"id": "1", "name": "Box"}}
DOWNLOAD = node(
    "Get", "n8n-nodes-base.ftp", 1, {"protocol": "sftp", "path": "/a.csv"}, credentials=SFTP
)


def test_sftp_download_defaults_to_download_and_makes_an_sftp_placeholder() -> None:
    by_label, result = _convert(DOWNLOAD)
    assert by_label["Get"]["type"] == "sftp.download"
    assert by_label["Get"]["data"]["config"] == {
        "credential_id": "<placeholder:sftp:Box>",
        "remote_path": "/a.csv",
    }
    assert [c.sluice_type for c in result.credentials] == ["sftp"]


def test_plain_ftp_and_sftp_rename_are_unsupported_with_what_to_do() -> None:
    _, result = _convert(node("F", "n8n-nodes-base.ftp", 1, {"path": "/a"}))
    (line,) = _lines(result, "F")
    assert line.status == "unsupported" and "SFTP only" in line.message
    assert "switch the server to SFTP" in line.message
    _, result = _convert(
        node("R", "n8n-nodes-base.ftp", 1, {"protocol": "sftp", "operation": "rename"})
    )
    assert _lines(result, "R")[0].status == "unsupported"


def test_sftp_upload_reads_the_upstream_file_and_list_is_not_recursive() -> None:
    upload = node(
        "Put", "n8n-nodes-base.ftp", 1, {"protocol": "sftp", "operation": "upload", "path": "/b/"}
    )
    by_label, _ = _convert(DOWNLOAD, upload)
    assert by_label["Put"]["data"]["config"]["file"] == "{{ nodes.get.output.file }}"
    listing = node(
        "Ls",
        "n8n-nodes-base.ftp",
        1,
        {"protocol": "sftp", "operation": "list", "path": "/in", "recursive": True},
    )
    by_label, result = _convert(listing)
    assert by_label["Ls"]["data"]["config"]["path"] == "/in"
    assert _lines(result, "Ls")[0].status == "approximated"


def test_disk_files_are_unsupported_and_say_why() -> None:
    for type_ in ("readBinaryFile", "writeBinaryFile", "readWriteFile", "readBinaryFiles"):
        _, result = _convert(node("D", f"n8n-nodes-base.{type_}", 1, {"fileName": "/tmp/x"}))
        (line,) = _lines(result, "D")
        assert line.status == "unsupported" and "blob store" in line.message


def test_spreadsheet_read_autodetect_is_csv_and_approximated() -> None:
    read = node("Read", "n8n-nodes-base.spreadsheetFile", 2, {"options": {"headerRow": False}})
    by_label, result = _convert(DOWNLOAD, read)
    assert by_label["Read"]["type"] == "file.parse_csv"
    assert by_label["Read"]["data"]["config"] == {
        "file": "{{ nodes.get.output.file }}",
        "has_header": False,
    }
    assert _lines(result, "Read")[0].parameter == "fileFormat"


def test_spreadsheet_read_xlsx_sheet_and_write_defaults_to_xls_as_xlsx() -> None:
    read = node(
        "Read",
        "n8n-nodes-base.spreadsheetFile",
        2,
        {"fileFormat": "xlsx", "options": {"sheetName": "Orders"}},
    )
    write = node("Write", "n8n-nodes-base.spreadsheetFile", 2, {"operation": "toFile"})
    by_label, result = _convert(DOWNLOAD, read, write)
    assert by_label["Read"]["type"] == "file.parse_excel"
    assert by_label["Read"]["data"]["config"]["sheet"] == "Orders"
    assert by_label["Write"]["type"] == "file.write_excel"
    assert by_label["Write"]["data"]["config"] == {
        "rows": "{{ nodes.read.output.rows }}",
        "file_name": "spreadsheet.xlsx",
        "sheet_name": "Sheet",
    }
    assert _lines(result, "Write")[0].status == "approximated"  # xls → xlsx


def test_spreadsheet_ods_is_unsupported() -> None:
    write = node(
        "W", "n8n-nodes-base.spreadsheetFile", 2, {"operation": "toFile", "fileFormat": "ods"}
    )
    _, result = _convert(write)
    assert _lines(result, "W")[0].status == "unsupported"


def test_extract_from_file_operations() -> None:
    expected = {
        "csv": "file.parse_csv",
        "xlsx": "file.parse_excel",
        "pdf": "file.parse_pdf",
        "fromJson": "file.parse_json",
        "xml": "file.parse_xml",
        "text": "file.parse_csv",
    }
    for operation, sluice_type in expected.items():
        extract = node("X", "n8n-nodes-base.extractFromFile", 1, {"operation": operation})
        by_label, _ = _convert(DOWNLOAD, extract)
        assert by_label["X"]["type"] == sluice_type, operation
        assert by_label["X"]["data"]["config"]["file"] == "{{ nodes.get.output.file }}"
    extract = node("X", "n8n-nodes-base.extractFromFile", 1, {"operation": "rtf"})
    _, result = _convert(DOWNLOAD, extract)
    assert _lines(result, "X")[0].status == "unsupported"


def test_extract_pdf_text_reads_as_n8n_does() -> None:
    extract = node("Pdf", "n8n-nodes-base.extractFromFile", 1, {"operation": "pdf"})
    use = node(
        "Use",
        "n8n-nodes-base.set",
        3.4,
        {"assignments": {"assignments": [{"name": "t", "value": "={{ $json.text }}"}]}},
    )
    by_label, _ = _convert(DOWNLOAD, extract, use)
    text = by_label["Use"]["data"]["config"]["fields"]["t"]
    assert text == '{{ join(`"\\n\\n"`, nodes.pdf.output.pages[*].text) }}'


def test_file_nodes_without_an_upstream_file_are_unsupported() -> None:
    extract = node("X", "n8n-nodes-base.extractFromFile", 1, {"operation": "pdf"})
    result = convert(chain(extract))
    assert _lines(result, "X")[0].status == "unsupported"


def test_xml_to_json_reads_a_dotted_field_and_json_to_xml_is_unsupported() -> None:
    xml = node("Xml", "n8n-nodes-base.xml", 1, {"dataPropertyName": "body.my-xml"})
    by_label, result = _convert(xml)
    assert by_label["Xml"]["data"]["config"] == {
        "content": '{{ nodes.start.output.body."my-xml" }}'
    }
    to_xml = node("Out", "n8n-nodes-base.xml", 1, {"mode": "jsonToxml"})
    _, result = _convert(to_xml)
    assert _lines(result, "Out")[0].status == "unsupported"


def test_html_template_and_extraction() -> None:
    html = node("H", "n8n-nodes-base.html", 1.2, {"html": "=<b>{{ $json.name }}</b>"})
    by_label, _ = _convert(html)
    assert by_label["H"]["type"] == "transform.template"
    assert by_label["H"]["data"]["config"] == {"template": "<b>{{ nodes.start.output.name }}</b>"}
    extract = node("E", "n8n-nodes-base.html", 1.2, {"operation": "extractHtmlContent"})
    _, result = _convert(extract)
    (line,) = _lines(result, "E")
    assert line.status == "unsupported" and "llm.extract" in line.message
    _, result = _convert(node("M", "n8n-nodes-base.markdown", 1, {"mode": "markdownToHtml"}))
    assert _lines(result, "M")[0].status == "unsupported"


def test_spreadsheet_v1_read_autodetects_and_write_defaults_to_xls() -> None:
    read = node("Read", "n8n-nodes-base.spreadsheetFile", 1, {})
    write = node("Write", "n8n-nodes-base.spreadsheetFile", 1, {"operation": "toFile"})
    by_label, result = _convert(DOWNLOAD, read, write)
    assert by_label["Read"]["type"] == "file.parse_csv"
    assert _lines(result, "Read")[0].parameter == "fileFormat"
    assert by_label["Write"]["type"] == "file.write_excel"
