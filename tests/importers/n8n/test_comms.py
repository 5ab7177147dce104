"""Send Email → email.send; Twilio → sms.twilio.send."""

from importers.n8n import convert

from ._export import MANUAL, chain, node


def _one(type_: str, version: float, parameters: dict, credentials: dict):
    result = convert(chain(MANUAL, node("N", type_, version, parameters, credentials=credentials)))
    graph_node = next((n for n in result.graph["nodes"] if n["data"]["label"] == "N"), None)
    return graph_node, [line for line in result.report if line.node == "N"], result


SMTP = {"smtp": {"id": "1", "name": "Mail"}}
TWILIO = {"twilioApi": {"id": "2", "name": "Tw"}}


def test_email_v2_1_defaults_to_html_and_maps_options() -> None:
    graph_node, lines, result = _one(
        "n8n-nodes-base.emailSend",
        2.1,
        {
            "fromEmail": "a@example.com",
            "toEmail": "={{ $json.to }}",
            "subject": "Hi",
            "html": "<b>hi</b>",
            "text": "ignored: the format is html",
            "options": {"bccEmail": "b@example.com", "replyTo": "r@example.com"},
        },
        SMTP,
    )
    assert graph_node["type"] == "email.send"
    assert graph_node["data"]["config"] == {
        "credential_id": "<placeholder:smtp:Mail>",
        "from": "a@example.com",
        "to": "{{ nodes.start.output.to }}",
        "bcc": "b@example.com",
        "reply_to": "r@example.com",
        "subject": "Hi",
        "html": "<b>hi</b>",
    }
    assert lines[-1].status == "converted" and "attribution" in lines[-1].message
    assert result.credentials[0].sluice_type == "smtp"


def test_email_v2_defaults_to_text_and_v1_sends_both() -> None:
    graph_node, _, _ = _one(
        "n8n-nodes-base.emailSend", 2, {"toEmail": "x@example.com", "text": "t", "html": "h"}, SMTP
    )
    assert (
        "html" not in graph_node["data"]["config"] and graph_node["data"]["config"]["text"] == "t"
    )
    graph_node, _, _ = _one(
        "n8n-nodes-base.emailSend",
        1,
        {"toEmail": "x@example.com", "ccEmail": "c@example.com", "text": "t", "html": "h"},
        SMTP,
    )
    config = graph_node["data"]["config"]
    assert (config["text"], config["html"], config["cc"]) == ("t", "h", "c@example.com")


def test_email_without_recipient_or_body_and_send_and_wait() -> None:
    _, lines, _ = _one("n8n-nodes-base.emailSend", 2.1, {"subject": "s"}, SMTP)
    assert lines[0].status == "unsupported" and "toEmail" in lines[0].message
    _, lines, _ = _one("n8n-nodes-base.emailSend", 2.1, {"toEmail": "x@example.com"}, SMTP)
    assert lines[0].status == "approximated" and lines[0].parameter == "text"
    _, lines, _ = _one(
        "n8n-nodes-base.emailSend", 2.1, {"operation": "sendAndWait", "toEmail": "x"}, SMTP
    )
    assert lines[0].status == "unsupported" and "human.approval" in lines[0].message


def test_twilio_sms_and_whatsapp() -> None:
    graph_node, lines, result = _one(
        "n8n-nodes-base.twilio",
        1,
        {"from": "+1555", "to": "={{ $json.phone }}", "message": "hello", "options": {}},
        TWILIO,
    )
    assert graph_node["type"] == "sms.twilio.send"
    assert graph_node["data"]["config"] == {
        "credential_id": "<placeholder:twilio:Tw>",
        "from": "+1555",
        "to": "{{ nodes.start.output.phone }}",
        "body": "hello",
    }
    assert lines[-1].status == "converted"
    graph_node, lines, _ = _one(
        "n8n-nodes-base.twilio",
        1,
        {"from": "+1555", "to": "+1666", "message": "m", "toWhatsapp": True},
        TWILIO,
    )
    assert graph_node["data"]["config"]["to"] == "whatsapp:+1666"
    assert lines[0].status == "approximated"


def test_twilio_calls_and_empty_message_are_unsupported() -> None:
    _, lines, _ = _one(
        "n8n-nodes-base.twilio", 1, {"resource": "call", "operation": "make"}, TWILIO
    )
    assert lines[0].status == "unsupported" and "http.request" in lines[0].message
    _, lines, _ = _one("n8n-nodes-base.twilio", 1, {"from": "+1", "to": "+2"}, TWILIO)
    assert lines[0].status == "unsupported" and "message" in lines[0].message
