#!/usr/bin/env python3
"""Re-derives every vector in v1.json with Python's standard library (HKDF,
HMAC, HS256, JSON, Unicode NFC and lowercase) and `cryptography` (AES-256-GCM): an implementation
independent of the Rust crates, following FORMAT.md alone.

Run: python3 claims-core/tests/vectors/check_v1.py
"""
import base64
import hashlib
import hmac
import json
import pathlib
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def hkdf(master: bytes, info: bytes) -> bytes:
    # RFC 5869 with an empty salt (HashLen zero bytes) and one output block.
    prk = hmac.new(b"\0" * 32, master, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def aad(kid: str, field: str) -> bytes:
    return b"claims/v1/enc\0" + kid.encode() + b"\0" + field.encode()


def padded(value: bytes, bucket) -> bytes:
    # FORMAT.md §3: spaces up to the next multiple of the bucket (at least one
    # bucket); `None` is a value sealed as is, from before padding.
    if bucket is None:
        return value
    size = max(1, -(-len(value) // bucket)) * bucket
    return value + b" " * (size - len(value))


vectors = json.loads((pathlib.Path(__file__).parent / "v1.json").read_text())
masters = {k["kid"]: bytes.fromhex(k["master_hex"]) for k in vectors["pii_keys"]}
checked = 0
def normalized(normalize: str, value_json: str) -> bytes:
    # FORMAT.md §4: a JSON string is normalized and written back as compact
    # JSON; `null` stays; `exact` hashes the JSON as given.
    if normalize == "exact":
        return value_json.encode()
    value = json.loads(value_json)
    if value is not None:
        value = unicodedata.normalize("NFC", value)
        if normalize == "email":
            value = unicodedata.normalize("NFC", value.lower())
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


LABELS = {"exact": b"claims/v1/hash", "nfc": b"claims/v1/hash/nfc", "email": b"claims/v1/hash/email"}

for h in vectors["hashed"]:
    mac_key = hkdf(masters[h["kid"]], b"claims/v1/mac")
    plaintext = normalized(h["normalize"], h["value_json"])
    msg = LABELS[h["normalize"]] + b"\0" + h["domain"].encode() + b"\0" + plaintext
    tag = hmac.new(mac_key, msg, hashlib.sha256).digest()
    assert h["wire"] == f"h1.{h['kid']}.{b64(tag)}", h
    checked += 1
for e in vectors["encrypted"]:
    enc_key = hkdf(masters[e["kid"]], b"claims/v1/enc")
    nonce = bytes.fromhex(e["nonce_hex"])
    plaintext = padded(e["value_json"].encode(), e["pad"])
    sealed = nonce + AESGCM(enc_key).encrypt(nonce, plaintext, aad(e["kid"], e["field"]))
    assert e["wire"] == f"e1.{e['kid']}.{b64(sealed)}", e
    # Trailing spaces are JSON whitespace: the plaintext reads as the value.
    assert json.loads(plaintext) == json.loads(e["value_json"]), e
    checked += 1
for t in vectors["tokens"]:
    header, payload, signature = t["token"].split(".")
    mac = hmac.new(bytes.fromhex(t["secret_hex"]), f"{header}.{payload}".encode(), hashlib.sha256)
    assert signature == b64(mac.digest()), t["kid"]
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {
        "alg": "HS256", "typ": "JWT", "kid": t["kid"]}
    claims = json.loads(unb64(payload))
    assert claims == t["payload"]
    # Every encrypted claim opens under its kid and claim name, padded to
    # the default bucket of 16 bytes.
    for name, value in claims.items():
        if isinstance(value, str) and value.startswith("e1."):
            _, kid, body = value.split(".")
            sealed = unb64(body)
            enc_key = hkdf(masters[kid], b"claims/v1/enc")
            plaintext = AESGCM(enc_key).decrypt(sealed[:12], sealed[12:], aad(kid, name))
            assert len(plaintext) % 16 == 0, (t["kid"], name)
            assert plaintext == padded(plaintext.rstrip(b" "), 16), (t["kid"], name)
            json.loads(plaintext)
    checked += 1
print(f"{checked} vectors match")
