"""The wire protocol is strict: anything but a well-formed message of a known kind is a
ProtocolError (the host then closes that one connection)."""

from __future__ import annotations

import json

import pytest

from tui.room.protocol import (
    CODE_ALPHABET,
    CODE_LENGTH,
    GATEWAY_ENV,
    KINDS_FROM_HOST,
    MAX_GATEWAY_SECRET_CHARS,
    MAX_MESSAGE_BYTES,
    MAX_PEER_CHARS,
    PROTOCOL_VERSION,
    ProtocolError,
    decode,
    encode,
    format_peer,
    gateway_claim_from_environment,
    gateway_environment,
    new_code,
    new_gateway_secret,
    normalise_code,
    peer_host,
)


def line(obj: object) -> bytes:
    return json.dumps(obj).encode() + b"\n"


def test_a_hello_and_an_act_round_trip() -> None:
    hello = encode("hello", v=PROTOCOL_VERSION, code="ABC234", role="security", lang="zh")
    assert hello.endswith(b"\n") and hello.count(b"\n") == 1
    assert decode(hello) == {
        "kind": "hello",
        "v": PROTOCOL_VERSION,
        "code": "ABC234",
        "role": "security",
        "lang": "zh",
    }
    act = encode("act", seq=3, action="call_119", params={"x": [1, 2]})
    assert decode(act)["params"] == {"x": [1, 2]}


def test_chinese_text_travels_as_utf8() -> None:
    msg = encode("error", reason="加入码不正确")
    assert "加入码不正确".encode() in msg
    assert decode(msg, kinds=KINDS_FROM_HOST)["reason"] == "加入码不正确"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"not json\n", "not JSON"),
        (b"[1, 2]\n", "not a JSON object"),
        (line({"kind": "shell", "cmd": "ls"}), "unknown message kind"),
        (line({"v": 1, "code": "X"}), "unknown message kind"),
        (line({"kind": "hello", "code": "X", "role": "a"}), "missing field 'v'"),
        (line({"kind": "hello", "v": "1", "code": "X", "role": "a"}), "wrong type"),
        (line({"kind": "hello", "v": True, "code": "X", "role": "a"}), "wrong type"),
        (line({"kind": "hello", "v": 1, "code": "X", "role": "a", "admin": True}), "unknown field"),
        (line({"kind": "hello", "v": 1, "code": "X"}), "either a role or display"),
        (line({"kind": "hello", "v": 1, "code": "X", "role": "a", "display": True}), "either"),
        (line({"kind": "act", "seq": 1, "action": "a", "params": []}), "wrong type"),
        (line({"kind": "act", "seq": 1.5, "action": "a", "params": {}}), "wrong type"),
        (line({"kind": "act", "seq": 1, "action": "a" * 201, "params": {}}), "too long"),
        (b'{"kind": "act", "seq": NaN, "action": "a", "params": {}}\n', "NaN"),
        (b'{"kind": "bye"}', "newline"),
        (b"\xff\xfe\n", "not JSON"),
        (b"[" * 100_000 + b"\n", "longer than"),
    ],
)
def test_malformed_messages_are_protocol_errors(raw: bytes, why: str) -> None:
    with pytest.raises(ProtocolError, match=why):
        decode(raw)


def test_there_is_no_console_on_the_wire() -> None:
    for extra in ({"console": True}, {"role": "facilitator", "console": True}):
        with pytest.raises(ProtocolError, match=r"unknown field|either"):
            decode(line({"kind": "hello", "v": 1, "code": "X", **extra}))


def test_a_seat_may_not_send_what_only_the_host_sends() -> None:
    with pytest.raises(ProtocolError, match="unknown message kind"):
        decode(encode("ack", seq=1))


def test_oversized_messages_are_refused_before_parsing() -> None:
    big = encode("act", seq=1, action="a", params={"text": "x" * MAX_MESSAGE_BYTES})
    with pytest.raises(ProtocolError, match="longer than"):
        decode(big)
    fits = encode("act", seq=1, action="a", params={"text": "x" * (MAX_MESSAGE_BYTES - 200)})
    assert decode(fits)["seq"] == 1


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    deep = b'{"kind": "act", "seq": 1, "action": "a", "params": ' + b'{"a":' * 5000
    deep += b"1" + b"}" * 5000 + b"}\n"
    with pytest.raises(ProtocolError):
        decode(deep)


def test_encode_refuses_what_decode_would_refuse() -> None:
    with pytest.raises(ProtocolError):
        encode("act", seq="1", action="a", params={})
    with pytest.raises(ValueError):
        encode("error", reason=float("nan"))  # type: ignore[arg-type]


def test_join_codes_are_random_readable_and_canonical() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert normalise_code(" abc-234 ") == "ABC234"


# --- a gateway's claim in the hello ------------------------------------------------------------

CLAIM = {"secret": "s" * 43, "via": "ssh", "peer": "192.0.2.7:50022"}


def hello_with(claim: object) -> bytes:
    return line({"kind": "hello", "v": PROTOCOL_VERSION, "code": "ABC234", "role": "security",
                 "gateway": claim})  # fmt: skip


def test_a_hello_may_carry_a_gateway_claim() -> None:
    msg = decode(hello_with(CLAIM))
    assert msg["gateway"] == CLAIM
    assert (
        decode(hello_with({**CLAIM, "via": "web", "peer": "[2001:db8::5]:443"}))["gateway"]["via"]
        == "web"
    )
    sent = encode("hello", v=PROTOCOL_VERSION, code="ABC234", display=True, gateway=CLAIM)
    assert decode(sent)["gateway"] == CLAIM


@pytest.mark.parametrize(
    ("claim", "why"),
    [
        ({**CLAIM, "extra": "x"}, "exactly"),
        ({"secret": "s", "via": "ssh"}, "exactly"),
        ({**CLAIM, "peer": 7}, "strings"),
        ({**CLAIM, "secret": ""}, "secret"),
        ({**CLAIM, "secret": "s" * (MAX_GATEWAY_SECRET_CHARS + 1)}, "secret"),
        ({**CLAIM, "via": "tcp"}, "unknown gateway"),
        ({**CLAIM, "via": "local"}, "unknown gateway"),
        ({**CLAIM, "peer": "1" * (MAX_PEER_CHARS + 1)}, "peer"),
        ({**CLAIM, "peer": "10.0.0.1\n[ssh] 10.9.9.9"}, "peer"),
        ({**CLAIM, "peer": "主机:22"}, "peer"),
        ("ssh", "wrong type"),
    ],
)
def test_a_malformed_gateway_claim_is_a_protocol_error(claim: object, why: str) -> None:
    with pytest.raises(ProtocolError, match=why):
        decode(hello_with(claim))


def test_the_claim_travels_in_the_environment_and_back() -> None:
    env = gateway_environment("s" * 43, "web", "198.51.100.4:61000")
    assert sorted(env) == sorted(GATEWAY_ENV)
    assert gateway_claim_from_environment({**env, "PATH": "/bin"}) == {
        "secret": "s" * 43,
        "via": "web",
        "peer": "198.51.100.4:61000",
    }
    # All three or nothing: a partial environment makes no claim.
    partial = {k: v for k, v in env.items() if k != GATEWAY_ENV[0]}
    assert gateway_claim_from_environment(partial) is None
    assert gateway_claim_from_environment({}) is None
    with pytest.raises(ProtocolError):
        gateway_environment("s" * 43, "tcp", "198.51.100.4:61000")


def test_gateway_secrets_are_random_and_long() -> None:
    secrets_drawn = {new_gateway_secret() for _ in range(100)}
    assert len(secrets_drawn) == 100
    # 32 bytes in URL-safe base64 without padding: 43 characters.
    assert all(len(s) == 43 for s in secrets_drawn)


def test_peers_are_written_and_read_back() -> None:
    assert format_peer(("192.0.2.7", 50022)) == "192.0.2.7:50022"
    assert format_peer(("2001:db8::5", 443, 0, 0)) == "[2001:db8::5]:443"
    assert format_peer(None) == ""
    assert peer_host("192.0.2.7:50022") == "192.0.2.7"
    assert peer_host("[2001:db8::5]:443") == "2001:db8::5"
    assert peer_host("somewhere") == "somewhere"
