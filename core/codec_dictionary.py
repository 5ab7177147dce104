"""The zlib preset dictionary the codec compresses with: what run plans, node tasks, node
outcomes and run results spell again and again, as Temporal's JSON converter writes them
(sorted keys, no spaces).

FROZEN: a payload sealed with it opens only with these exact bytes, and Temporal keeps
histories for as long as their retention says. A better dictionary is a new constant with
a new marker byte in core/codec.py, this one kept for opening. `tests/api/
test_codec_compression.py` pins its SHA-256.

zlib finds matches in the last 32 KiB and codes near ones in fewer bits: the most common
fragments come last.
"""

_FRAGMENTS = (
    # node types, rarer first
    "llm.anthropic.message llm.openai.chat llm.classify llm.extract sms.twilio.send ",
    "sftp.download sftp.list sftp.upload postgres.insert postgres.query email.send ",
    "file.parse_csv file.parse_excel file.parse_json file.parse_pdf file.parse_xml ",
    "file.write_csv file.write_excel flow.fail flow.for_each flow.subworkflow ",
    "human.approval transform.aggregate transform.dedupe transform.filter transform.join ",
    "transform.sort transform.template trigger.schedule util.delay util.noop ",
    "webhook.respond webhook.send logic.switch trigger.webhook ",
    # node outcomes and run results
    '"usage":{"input_tokens":0,"output_tokens":0},"cost":0.0,',
    '"totals":{"cost":0.0,"input_tokens":0.0,"output_tokens":0.0}}',
    '"headers":{"content-length":"","content-type":"application/json","date":"',
    '"server":"","status":200,"url":"https://',
    '"error":null,"finished_at":null,"port":null,"started_at":null,"status":"skipped"},',
    '"error":null,"finished_at":"2026-01-01T00:00:00.000000+00:00","port":"out",',
    '"started_at":"2026-01-01T00:00:00.000000+00:00","status":"succeeded"},',
    '{"attempt":1,"output":{"body":{',
    '"output":{"$blob":{"content_type":"application/json","key":"","size":0}},',
    # node tasks
    '{"config":{"method":"GET","url":"https://',
    '"idempotency_key":"","inline_limit":null,"node_id":"","node_type":"http.request",',
    '"run_id":"","workspace_id":""}',
    # run inputs and plans
    '{"binding":{"kind":"run","signature":""},"inputs":{},"origin":"",',
    '"plan":{"edges":[{"source":"","source_port":"out","target":"","target_port":"in"},',
    '"inline_output_bytes":262144,"limits":{"max_config_depth":32,"max_depth":32,',
    '"max_length":4000,"max_result_bytes":1000000},"max_parallel":20,"nodes":[',
    '"reuse":{},"trigger":"","version":1,"workflow_id":"","workflow_name":"",',
    '"workspace_id":""}',
    '{"config":{"fields":{"":"{{ nodes.","expression":"',
    '.output.body }}"}},"continue_on_error":false,"execution":"activity",',
    '"heartbeat_seconds":null,"id":"","kind":"inline","label":"","output_ports":["out"],',
    '"retry":{"backoff_coefficient":2.0,"initial_interval_seconds":1.0,"max_attempts":5,',
    '"maximum_interval_seconds":60.0},"timeout_seconds":330.0,"type":"transform.set",',
    '"usage_fields":{},"waits_for_any":false},',
    '{"config":{"method":"GET","url":"http://',
    '"},"heartbeat_seconds":10.0,"id":"","kind":"activity","label":"",',
    '"output_ports":["out","error"],"retry":{"backoff_coefficient":2.0,',
    '"initial_interval_seconds":1.0,"max_attempts":5,"maximum_interval_seconds":60.0},',
    '"timeout_seconds":330.0,"type":"http.request"},',
    '{"id":"","kind":"inline","type":"trigger.manual"},',
    '{"id":"","kind":"inline","type":"logic.condition","output_ports":["true","false"]},',
    '{"id":"","kind":"inline","type":"logic.merge","waits_for_any":true},',
    '{"source":"","target":""},{"source":"","source_port":"true","target":""},',
    # the Payload around every JSON value
    "\n\x16\n\x08encoding\x12\njson/plain\x12",
)

DICTIONARY = "".join(_FRAGMENTS).encode()
