"""file.parse_pdf and file.parse_xml on real documents, and XML attacks refused."""

import io

from pypdf import PdfReader, PdfWriter

from tests.activities.files_conftest import config_errors, make_pdf, one_node, put
from tests.utils.graphs import node, run_graph, start_graph
from tests.utils.runs import node_failure


async def test_pdf_text_per_page_and_metadata(client, settings, worker, blobs):
    ref = await put(blobs, "report.pdf", make_pdf(["Revenue grew 12%", "Costs fell", "Outlook"]))
    graph = {
        "nodes": [
            node("all", "file.parse_pdf", {"file": ref}),
            node("first", "file.parse_pdf", {"file": ref, "max_pages": 1}),
        ],
        "edges": [],
    }
    result = await run_graph(client, settings, graph)

    output = result.output["all"]
    assert [p["page"] for p in output["pages"]] == [1, 2, 3]
    assert output["pages"][0]["text"] == "Revenue grew 12%"
    assert output["pages"][1]["text"] == "Costs fell"
    assert output["page_count"] == 3
    assert output["metadata"]["title"] == "Quarterly report"
    assert output["metadata"]["author"] == "Ada"
    assert output["metadata"]["creation_date"].startswith("2024-01-02T03:04:05")
    assert len(result.output["first"]["pages"]) == 1
    assert result.output["first"]["page_count"] == 3


async def test_encrypted_pdf_needs_its_password(client, settings, worker, blobs):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Top secret plan"]))))
    writer.encrypt("hunter2", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    ref = await put(blobs, "locked.pdf", buffer.getvalue())

    result = await run_graph(
        client, settings, one_node("file.parse_pdf", {"file": ref, "password": "hunter2"})
    )
    assert result.output["n"]["pages"][0]["text"] == "Top secret plan"
    for config, message in [({}, "set `password`"), ({"password": "nope"}, "does not open")]:
        handle = await start_graph(
            client, settings, one_node("file.parse_pdf", {"file": ref, **config})
        )
        error = await node_failure(handle)
        assert message in error.message and "hunter2" not in error.message
        assert error.details[0]["nodes"]["n"]["attempt"] == 1


async def test_a_file_that_is_not_a_pdf_fails_at_once(client, settings, worker, blobs):
    ref = await put(blobs, "fake.pdf", b"<html>not a pdf</html>")
    error = await node_failure(
        await start_graph(client, settings, one_node("file.parse_pdf", {"file": ref}))
    )
    assert "not a readable PDF" in error.message
    assert error.details[0]["nodes"]["n"]["attempt"] == 1


def test_pdf_config_is_checked_when_saved():
    errors = config_errors(one_node("file.parse_pdf", {"content": "%PDF", "max_pages": 0}))
    assert "'file' is a required property" in errors["config"]
    assert "config.max_pages" in errors


ORDERS_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<orders xmlns="urn:example:orders" source="shop">
  <order id="1" status="paid"><customer>Ada</customer><total currency="EUR">12.50</total></order>
  <order id="2"><customer>Grace</customer><empty/></order>
  <note>Hello <b>bold</b> world</note>
</orders>
"""


async def test_xml_to_json(client, settings, worker, blobs):
    ref = await put(blobs, "orders.xml", ORDERS_XML)
    graph = {
        "nodes": [
            node("file", "file.parse_xml", {"file": ref}),
            node("text", "file.parse_xml", {"content": "<a><item>x</item></a>"}),
            node(
                "listed",
                "file.parse_xml",
                {"content": "<a><item>x</item></a>", "force_list": ["item"]},
            ),
            node("ns", "file.parse_xml", {"file": ref, "keep_namespaces": True}),
        ],
        "edges": [],
    }
    result = await run_graph(client, settings, graph)

    output = result.output["file"]
    assert output["root"] == "orders"
    assert output["data"] == {
        "orders": {
            "@source": "shop",
            "order": [
                {
                    "@id": "1",
                    "@status": "paid",
                    "customer": "Ada",
                    "total": {"@currency": "EUR", "#text": "12.50"},
                },
                {"@id": "2", "customer": "Grace", "empty": None},
            ],
            "note": {"b": "bold", "#text": "Hello world"},
        }
    }
    assert result.output["text"]["data"] == {"a": {"item": "x"}}
    assert result.output["listed"]["data"] == {"a": {"item": ["x"]}}
    assert result.output["ns"]["root"] == "{urn:example:orders}orders"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<data>&secret;</data>
"""


async def test_xml_entity_attacks_are_refused_without_retrying(client, settings, worker):
    for document, entity in [(BILLION_LAUGHS, "'lol'"), (EXTERNAL_ENTITY, "'secret'")]:
        handle = await start_graph(
            client, settings, one_node("file.parse_xml", {"content": document})
        )
        error = await node_failure(handle)
        assert f"declares entity {entity}" in error.message
        assert "billion laughs" in error.message and "XXE" in error.message
        assert "root:" not in error.message, "no file content may leak"
        assert error.details[0]["nodes"]["n"]["attempt"] == 1


async def test_malformed_xml_names_the_position(client, settings, worker):
    handle = await start_graph(
        client, settings, one_node("file.parse_xml", {"content": "<a>\n<b></a>"})
    )
    error = await node_failure(handle)
    assert "not well-formed XML" in error.message and "line 2" in error.message
    assert error.details[0]["nodes"]["n"]["attempt"] == 1


def test_xml_config_is_checked_when_saved():
    errors = config_errors(one_node("file.parse_xml", {"content": "<a/>", "force_list": "item"}))
    assert "config.force_list" in errors
