"""The egress decision for every range and spelling: pure, no packets leave the host."""

import pytest
from pydantic import ValidationError

from activities.egress import EgressDenied, EgressPolicy, parse_ip
from activities.egress._policy import EgressUnresolved
from core.config import Settings


def policy(**settings: object) -> EgressPolicy:
    return EgressPolicy.from_settings(Settings(_env_file=None, **settings))  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private network (RFC 1918)"),
        ("172.16.5.4", "private network (RFC 1918)"),
        ("172.31.255.255", "private network (RFC 1918)"),
        ("192.168.1.1", "private network (RFC 1918)"),
        ("169.254.169.254", "cloud metadata / link-local"),
        ("fe80::1", "cloud metadata / link-local"),
        ("fe80::1%eth0", "cloud metadata / link-local"),
        ("100.64.0.1", "carrier-grade NAT (RFC 6598)"),
        ("100.127.255.254", "carrier-grade NAT (RFC 6598)"),
        ("fd00:ec2::254", "unique-local network (fc00::/7)"),
        ("fc00::1", "unique-local network (fc00::/7)"),
        ("0.0.0.0", "'this network' / unspecified (0.0.0.0/8)"),
        ("0.1.2.3", "'this network' / unspecified (0.0.0.0/8)"),
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved (240.0.0.0/4)"),
        ("192.0.0.192", "IETF protocol assignments (192.0.0.0/24)"),
        ("198.18.0.1", "benchmarking network (RFC 2544)"),
        ("192.0.2.10", "reserved / not globally routable"),
        ("2001:db8::1", "reserved / not globally routable"),
        ("fec0::1", "site-local network (fec0::/10)"),
    ],
)
def test_internal_ranges_are_denied_by_default(address, reason):
    assert policy().decide(address, 443) == reason


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_are_allowed(address):
    assert policy().decide(address, 443) is None


@pytest.mark.parametrize(
    ("address", "inner"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("::ffff:169.254.169.254", "169.254.169.254"),
        ("::127.0.0.1", "127.0.0.1"),
        ("::10.0.0.1", "10.0.0.1"),
        ("2002:a9fe:a9fe::1", "169.254.169.254"),
        ("64:ff9b::7f00:1", "127.0.0.1"),
    ],
)
def test_ipv6_forms_carrying_an_internal_ipv4_are_denied(address, inner):
    reason = policy().decide(address, 80)
    assert reason is not None and f"carries {inner}" in reason


def test_an_ipv6_form_of_an_allowed_ipv4_is_allowed_like_it():
    assert policy(outbound_allowed_networks="127.0.0.0/8").decide("::ffff:127.0.0.1", 80) is None


@pytest.mark.parametrize(
    "spelling",
    [
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "0x7f000001",
        "127.1",
        "127.0.1",
        "127.0.0.1.",
        "0177.0.0.01",
        "[::1]",
        "::ffff:127.0.0.1",
        "[::ffff:7f00:1]",
    ],
)
async def test_every_spelling_of_loopback_is_parsed_and_denied(spelling):
    parsed = parse_ip(spelling)
    assert parsed is not None and (parsed.is_loopback or str(parsed).endswith("7f00:1"))
    with pytest.raises(EgressDenied, match="loopback"):
        await policy().resolve(spelling, 80)
    with pytest.raises(EgressDenied, match="loopback"):
        policy().resolve_sync(spelling, 80)


@pytest.mark.parametrize("spelling", ["0xa9.0376.43518", "2852039166", "169.254.169.254."])
def test_metadata_address_spellings(spelling):
    assert str(parse_ip(spelling)) == "169.254.169.254"


@pytest.mark.parametrize("name", ["example.com", "0x7g.1", "1.2.3.4.5", "256.1.1.1", "a.b"])
def test_names_are_not_mistaken_for_addresses(name):
    assert parse_ip(name) is None


@pytest.mark.parametrize("host", ["/var/run/docker.sock", "unix:/tmp/x", "", "a b", "u@h"])
async def test_paths_and_unix_sockets_are_refused(host):
    with pytest.raises(EgressDenied, match="not a network host"):
        await policy().resolve(host, 80)


async def test_a_name_resolving_to_loopback_is_denied_naming_it():
    with pytest.raises(EgressDenied) as denied:
        await policy().resolve("localhost", 8080)
    message = str(denied.value)
    assert "'localhost'" in message and "loopback" in message
    assert "OUTBOUND_ALLOWED_NETWORKS=" in message
    assert not denied.value.retryable


async def test_every_resolved_address_must_be_allowed():
    # localhost answers 127.0.0.1 and ::1 here: allowing only one of them still denies.
    only_v4 = policy(outbound_allowed_networks="127.0.0.0/8")
    import socket

    families = {info[0] for info in socket.getaddrinfo("localhost", 80, type=socket.SOCK_STREAM)}
    if socket.AF_INET6 in families:
        with pytest.raises(EgressDenied, match=r"::1"):
            await only_v4.resolve("localhost", 80)
    both = policy(outbound_allowed_networks="127.0.0.0/8,::1")
    assert "127.0.0.1" in await both.resolve("localhost", 80)


async def test_an_unresolvable_name_is_retryable():
    with pytest.raises(EgressUnresolved) as failed:
        await policy().resolve("no-such-host.invalid", 80)
    assert failed.value.retryable


def test_allowed_networks_open_internal_ranges():
    allowed = policy(outbound_allowed_networks="10.1.0.0/16, 192.168.1.7, [fd00::5]:8443")
    assert allowed.decide("10.1.2.3", 5432) is None
    assert allowed.decide("10.2.0.1", 5432) == "private network (RFC 1918)"
    assert allowed.decide("192.168.1.7", 1) is None
    assert allowed.decide("fd00::5", 8443) is None
    assert allowed.decide("fd00::5", 8444) == "unique-local network (fc00::/7)"


def test_an_allowed_host_name_opens_what_it_resolves_to_only_for_that_name():
    allowed = policy(outbound_allowed_networks="billing.internal:8080")
    assert allowed.decide("10.9.9.9", 8080, host="billing.internal.") is None
    assert allowed.decide("10.9.9.9", 8080, host="other.internal") is not None
    assert allowed.decide("10.9.9.9", 9090, host="billing.internal") is not None


def test_denied_networks_win_over_everything():
    denied = policy(
        outbound_allowed_networks="203.0.113.0/24", outbound_denied_networks="8.8.8.0/24,evil.com"
    )
    assert denied.decide("8.8.8.8", 53) == "listed in OUTBOUND_DENIED_NETWORKS"
    assert denied.decide("1.2.3.4", 443, host="EVIL.com") == "listed in OUTBOUND_DENIED_NETWORKS"
    with pytest.raises(EgressDenied, match="remove it from OUTBOUND_DENIED_NETWORKS"):
        denied.check("8.8.8.8", 53)


@pytest.mark.parametrize(
    ("settings", "address", "port", "label"),
    [
        ({"temporal_address": "127.0.0.1:7233"}, "127.0.0.1", 7233, "Temporal frontend"),
        ({"temporal_address": "[::1]:7233"}, "::1", 7233, "Temporal frontend"),
        ({"temporal_ui_url": "http://127.0.0.1:8233"}, "127.0.0.1", 8233, "Temporal Web UI"),
        (
            {"database_url": "postgresql+psycopg://u:p@127.0.0.1:5433/db"},
            "127.0.0.1",
            5433,
            "app database",
        ),
        ({"database_url": "postgresql://u@10.0.0.8/db"}, "10.0.0.8", 5432, "app database"),
        ({"redis_url": "redis://10.0.0.9:6380/0"}, "10.0.0.9", 6380, "Redis"),
        ({"redis_url": "redis://10.0.0.9"}, "10.0.0.9", 6379, "Redis"),
        ({"public_url": "https://10.0.0.2"}, "10.0.0.2", 443, "API (PUBLIC_URL)"),
        ({"api_host": "0.0.0.0", "api_port": 8001}, "10.3.3.3", 8001, "API (API_HOST"),
        ({"worker_metrics_port": 9464}, "172.17.0.1", 9464, "WORKER_METRICS_PORT"),
        ({"worker_sdk_metrics_port": 9465}, "127.0.0.2", 9465, "WORKER_SDK_METRICS_PORT"),
    ],
)
def test_own_endpoints_are_refused_even_when_their_network_is_allowed(
    settings, address, port, label
):
    opened = policy(outbound_allowed_networks="0.0.0.0/0,::/0", **settings)
    reason = opened.decide(address, port)
    assert reason is not None and reason.startswith("Sluice's own") and label in reason
    assert opened.decide(address, port + 7) is None
    with pytest.raises(EgressDenied, match=r"only an exact entry allows it"):
        opened.check(address, port)


def test_an_exact_host_port_entry_allows_an_own_endpoint():
    exact = policy(
        database_url="postgresql://u@127.0.0.1:5432/db",
        outbound_allowed_networks="127.0.0.0/8,127.0.0.1:5432",
    )
    assert exact.decide("127.0.0.1", 5432) is None
    assert exact.decide("127.0.0.1", 7233) is not None  # Temporal stays refused


def test_an_own_endpoint_given_by_name_is_refused_by_name():
    named = policy(outbound_allowed_networks="10.0.0.0/8", temporal_address="temporal:7233")
    reason = named.decide("10.0.0.5", 7233, host="temporal")
    assert reason is not None and "Temporal frontend" in reason


@pytest.mark.parametrize(
    ("setting", "entry"),
    [
        ("outbound_allowed_networks", "10.0.0.0/33"),
        ("outbound_allowed_networks", "host:99999"),
        ("outbound_denied_networks", "0177.0.0.1"),
        ("outbound_denied_networks", "not a host"),
        ("outbound_allowed_networks", "[::1]x"),
    ],
)
def test_a_bad_entry_fails_settings_naming_the_setting_and_entry(setting, entry):
    with pytest.raises(ValidationError) as failed:
        Settings(_env_file=None, **{setting: f"10.0.0.0/8,{entry}"})  # type: ignore[call-arg]
    assert setting.upper() in str(failed.value) and entry in str(failed.value)


def test_default_settings_do_not_open_loopback():
    assert policy().decide("127.0.0.1", 5000) == "loopback"
