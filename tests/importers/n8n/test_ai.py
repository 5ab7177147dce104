"""OpenAI / Anthropic nodes, Basic LLM Chain and AI Agent with their sub-nodes."""

from importers.n8n import convert
from importers.n8n.expressions import Scope, Source, translate

from ._export import MANUAL, chain, node

LC = "@n8n/n8n-nodes-langchain"
OPENAI = {"openAiApi": {"id": "1", "name": "OA"}}
ANTHROPIC = {"anthropicApi": {"id": "2", "name": "AN"}}
USE = node(
    "Use",
    "n8n-nodes-base.set",
    3.4,
    {"assignments": {"assignments": [{"name": "v", "value": "={{ $json.output }}"}]}},
)


def _convert(*nodes: dict, attached: dict | None = None):
    result = convert(chain(MANUAL, *nodes, attached=attached))
    by_label = {n["data"]["label"]: n for n in result.graph["nodes"]}
    return by_label, result


def _lines(result, name: str):
    return [(line.status, line.message) for line in result.report if line.node == name]


def test_openai_message_maps_model_system_and_options_and_reads_message_content() -> None:
    ask = node(
        "Ask",
        f"{LC}.openAi",
        1.8,
        {
            "modelId": {"__rl": True, "value": "gpt-4.1-mini", "mode": "list"},
            "messages": {
                "values": [
                    {"content": "Be short.", "role": "system"},
                    {"content": "=Hi {{ $json.name }}"},
                ]
            },
            "options": {"temperature": 0.3, "maxTokens": 50},
        },
        credentials=OPENAI,
    )
    use = node(
        "Use",
        "n8n-nodes-base.set",
        3.4,
        {"assignments": {"assignments": [{"name": "a", "value": "={{ $json.message.content }}"}]}},
    )
    by_label, result = _convert(ask, use)
    assert by_label["Ask"]["type"] == "llm.openai.chat"
    assert by_label["Ask"]["data"]["config"] == {
        "credential_id": "<placeholder:openai:OA>",
        "model": "gpt-4.1-mini",
        "system": "Be short.",
        "messages": [{"role": "user", "content": "Hi {{ nodes.start.output.name }}"}],
        "temperature": 0.3,
        "max_tokens": 50,
    }
    assert by_label["Use"]["data"]["config"]["fields"] == {"a": "{{ nodes.ask.output.text }}"}
    assert _lines(result, "Ask") == [("converted", "converted")]


def test_openai_other_resources_are_unsupported() -> None:
    image = node("Img", f"{LC}.openAi", 1.8, {"resource": "image", "operation": "generate"})
    _, result = _convert(image)
    assert _lines(result, "Img")[0][0] == "unsupported"


def test_legacy_openai_chat_completion() -> None:
    legacy = node(
        "Old",
        "n8n-nodes-base.openAi",
        1.1,
        {
            "resource": "chat",
            "prompt": {"messages": [{"role": "user", "content": "hello"}]},
            "options": {},
        },
        credentials=OPENAI,
    )
    by_label, _ = _convert(legacy)
    config = by_label["Old"]["data"]["config"]
    assert (config["model"], config["messages"]) == (
        "gpt-3.5-turbo",
        [{"role": "user", "content": "hello"}],
    )


def test_chain_with_anthropic_model_and_structured_parser() -> None:
    llm_chain = node(
        "Chain",
        f"{LC}.chainLlm",
        1.6,
        {
            "promptType": "define",
            "text": "=Rate {{ $json.review }}",
            "messages": {"messageValues": [{"message": "You are terse."}]},
        },
    )
    model = node(
        "Claude",
        f"{LC}.lmChatAnthropic",
        1.3,
        {"options": {"temperature": 0.1}},
        credentials=ANTHROPIC,
    )
    parser = node(
        "Parser",
        f"{LC}.outputParserStructured",
        1.2,
        {"jsonSchemaExample": '{"score": 3, "ok": true}'},
    )
    by_label, result = _convert(
        llm_chain,
        USE,
        model,
        parser,
        attached={"Claude": ("Chain", "ai_languageModel"), "Parser": ("Chain", "ai_outputParser")},
    )
    config = by_label["Chain"]["data"]["config"]
    assert by_label["Chain"]["type"] == "llm.anthropic.message"
    assert config == {
        "credential_id": "<placeholder:anthropic:AN>",
        "model": "claude-sonnet-4-20250514",  # the v1.3 default
        "max_tokens": 4096,
        "temperature": 0.1,
        "system": "You are terse.",
        "messages": [{"role": "user", "content": "Rate {{ nodes.start.output.review }}"}],
        "output_schema": {
            "type": "object",
            "properties": {"score": {"type": "number"}, "ok": {"type": "boolean"}},
        },
    }
    assert by_label["Use"]["data"]["config"]["fields"] == {"v": "{{ nodes.chain.output.json }}"}
    assert _lines(result, "Claude")[0][0] == "converted"
    assert "folded into 'Chain'" in _lines(result, "Claude")[0][1]
    assert "output_schema" in _lines(result, "Parser")[0][1]
    assert [c.n8n_name for c in result.credentials] == ["AN"]


def test_chain_without_a_model_or_with_another_provider_is_unsupported() -> None:
    llm_chain = node("Chain", f"{LC}.chainLlm", 1.6, {"promptType": "define", "text": "hi"})
    _, result = _convert(llm_chain)
    assert _lines(result, "Chain")[0][0] == "unsupported"
    gemini = node("Gemini", f"{LC}.lmChatGoogleGemini", 1, {})
    _, result = _convert(llm_chain, gemini, attached={"Gemini": ("Chain", "ai_languageModel")})
    status, message = _lines(result, "Chain")[0]
    assert status == "unsupported" and "OpenAI and Anthropic" in message
    assert _lines(result, "Gemini")[0][0] == "unsupported"


def test_agent_keeps_model_and_system_but_reports_tools_and_memory() -> None:
    agent = node("Agent", f"{LC}.agent", 1.7, {"promptType": "define", "text": "={{ $json.q }}"})
    model = node("GPT", f"{LC}.lmChatOpenAi", 1.2, {}, credentials=OPENAI)
    tool = node("Calc", f"{LC}.toolCalculator", 1, {})
    memory = node("Mem", f"{LC}.memoryBufferWindow", 1.3, {})
    by_label, result = _convert(
        agent,
        USE,
        model,
        tool,
        memory,
        attached={
            "GPT": ("Agent", "ai_languageModel"),
            "Calc": ("Agent", "ai_tool"),
            "Mem": ("Agent", "ai_memory"),
        },
    )
    config = by_label["Agent"]["data"]["config"]
    assert config["model"] == "gpt-4o-mini"  # the v1.2 default
    assert config["system"] == "You are a helpful assistant"  # n8n's default system message
    assert config["messages"] == [{"role": "user", "content": "{{ nodes.start.output.q }}"}]
    assert by_label["Use"]["data"]["config"]["fields"] == {"v": "{{ nodes.agent.output.text }}"}
    assert {s for s, _ in _lines(result, "Agent")} == {"approximated"}
    status, message = _lines(result, "Calc")[0]
    assert status == "unsupported" and "no agent loop" in message
    assert _lines(result, "Mem")[0][0] == "approximated"
    assert not result.fully_converted


def test_agent_auto_prompt_reads_chat_input() -> None:
    agent = node("Agent", f"{LC}.agent", 1.7, {})
    model = node("GPT", f"{LC}.lmChatOpenAi", 1, {"model": "gpt-4.1"}, credentials=OPENAI)
    by_label, result = _convert(agent, model, attached={"GPT": ("Agent", "ai_languageModel")})
    config = by_label["Agent"]["data"]["config"]
    assert config["messages"][0]["content"] == "{{ nodes.start.output.chatInput }}"
    assert config["model"] == "gpt-4.1"
    assert "chatInput" in _lines(result, "Agent")[0][1]


def test_field_of_an_item_shaped_like_n8ns_reads_the_value_itself() -> None:
    source = Source("{output: nodes.a.output.text, n: length(nodes.a.output.items)}")
    scope = Scope(json=source.item, nodes={"A": source})
    assert translate("={{ $json.output }}", scope) == "{{ nodes.a.output.text }}"
    assert translate("={{ $json.n + 1 }}", scope) == "{{ add(length(nodes.a.output.items), `1`) }}"
    assert translate("={{ $json }}", scope) == "{{ " + source.item + " }}"


def _with_model(*nodes: dict, parent: str):
    model = node(
        "GPT", f"{LC}.lmChatOpenAi", 1.2, {"options": {"temperature": 0}}, credentials=OPENAI
    )
    return _convert(*nodes, model, attached={"GPT": (parent, "ai_languageModel")})


def test_text_classifier_routes_each_category_to_its_port() -> None:
    classifier = node(
        "Route",
        f"{LC}.textClassifier",
        1.1,
        {
            "inputText": "={{ $json.body }}",
            "categories": {
                "categories": [
                    {"category": "billing", "description": "invoices and payments"},
                    {"category": "bug"},
                ]
            },
            "options": {"fallback": "other"},
        },
    )
    export = chain(MANUAL, classifier)
    model = node("GPT", f"{LC}.lmChatOpenAi", 1.2, {}, credentials=OPENAI)
    export["nodes"].append(model)
    export["connections"]["GPT"] = {
        "ai_languageModel": [[{"node": "Route", "type": "ai_languageModel", "index": 0}]]
    }
    targets = [node(f"T{i}", "n8n-nodes-base.noOp", 1, {}) for i in range(3)]
    export["nodes"] += targets
    export["connections"]["Route"] = {
        "main": [[{"node": t["name"], "type": "main", "index": 0}] for t in targets]
    }
    result = convert(export)
    route = next(n for n in result.graph["nodes"] if n["id"] == "route")
    assert route["type"] == "llm.classify"
    assert route["data"]["config"] == {
        "provider": "openai",
        "credential_id": "<placeholder:openai:OA>",
        "model": "gpt-4o-mini",
        "text": "{{ nodes.start.output.body }}",
        "labels": ["billing", "bug", "other"],
        "instructions": "billing: invoices and payments",
    }
    ports = {
        (e["sourceHandle"], e["target"]) for e in result.graph["edges"] if e["source"] == "route"
    }
    assert ports == {("billing", "t0"), ("bug", "t1"), ("other", "t2")}


def test_sentiment_analysis_adds_the_category_to_the_item() -> None:
    analysis = node("Mood", f"{LC}.sentimentAnalysis", 1, {"inputText": "={{ $json.text }}"})
    use = node(
        "Use",
        "n8n-nodes-base.set",
        3.4,
        {
            "assignments": {
                "assignments": [{"name": "c", "value": "={{ $json.sentimentAnalysis.category }}"}]
            }
        },
    )
    by_label, _ = _with_model(analysis, use, parent="Mood")
    assert by_label["Mood"]["data"]["config"]["labels"] == ["Positive", "Neutral", "Negative"]
    assert by_label["Use"]["data"]["config"]["fields"]["c"] == (
        "{{ merge(nodes.start.output, {sentimentAnalysis: {category: nodes.mood.output.label}})"
        ".sentimentAnalysis.category }}"
    )


def test_information_extractor_builds_fields_from_attributes() -> None:
    extractor = node(
        "Extract",
        f"{LC}.informationExtractor",
        1.2,
        {
            "text": "={{ $json.email }}",
            "attributes": {
                "attributes": [
                    {"name": "amount", "type": "number", "required": True},
                    {"name": "due", "type": "date", "description": "due date"},
                ]
            },
        },
    )
    by_label, result = _with_model(extractor, USE, parent="Extract")
    config = by_label["Extract"]["data"]["config"]
    assert by_label["Extract"]["type"] == "llm.extract"
    assert config["fields"] == {
        "type": "object",
        "properties": {
            "amount": {"type": "number"},
            "due": {"type": "string", "format": "date", "description": "due date"},
        },
        "required": ["amount"],
    }
    assert (config["provider"], config["temperature"]) == ("openai", 0.0)
    assert by_label["Use"]["data"]["config"]["fields"] == {"v": "{{ nodes.extract.output.fields }}"}


def test_classifier_with_one_category_or_bad_schema_is_unsupported() -> None:
    classifier = node(
        "Route",
        f"{LC}.textClassifier",
        1.1,
        {"inputText": "x", "categories": {"categories": [{"category": "only"}]}},
    )
    _, result = _with_model(classifier, parent="Route")
    assert _lines(result, "Route")[0][0] == "unsupported"
    extractor = node(
        "Extract",
        f"{LC}.informationExtractor",
        1.2,
        {"text": "x", "schemaType": "manual", "inputSchema": "{not json"},
    )
    _, result = _with_model(extractor, parent="Extract")
    assert _lines(result, "Extract")[0][0] == "unsupported"


def test_a_sub_node_its_parent_does_not_use_says_so() -> None:
    llm_chain = node("Chain", f"{LC}.chainLlm", 1.6, {"promptType": "define", "text": "hi"})
    model = node("GPT", f"{LC}.lmChatOpenAi", 1.2, {}, credentials=OPENAI)
    tool = node("Calc", f"{LC}.toolCalculator", 1, {})
    _, result = _convert(
        llm_chain,
        model,
        tool,
        attached={"GPT": ("Chain", "ai_languageModel"), "Calc": ("Chain", "ai_tool")},
    )
    status, message = _lines(result, "Calc")[0]
    assert status == "unsupported" and "does not use it" in message


def test_chat_trigger_becomes_a_webhook_whose_body_is_json() -> None:
    trigger = node("Chat", f"{LC}.chatTrigger", 1.1, {"options": {}})
    agent = node("Agent", f"{LC}.agent", 1.7, {})
    model = node("GPT", f"{LC}.lmChatOpenAi", 1.2, {}, credentials=OPENAI)
    export = chain(trigger, agent, model, attached={"GPT": ("Agent", "ai_languageModel")})
    result = convert(export)
    by_label = {n["data"]["label"]: n for n in result.graph["nodes"]}
    assert by_label["Chat"]["type"] == "trigger.webhook"
    content = by_label["Agent"]["data"]["config"]["messages"][0]["content"]
    assert content == "{{ nodes.chat.output.body.chatInput }}"
    assert _lines(result, "Chat")[0][0] == "approximated"
