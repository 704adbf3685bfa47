#!/usr/bin/env python3
"""Re-derives every vector in v1.json with Python's standard library (HKDF,
HMAC, HS256) and `cryptography` (AES-256-GCM): an implementation independent
of the Rust crates, following FORMAT.md alone.

Run: python3 claims-core/tests/vectors/check_v1.py
"""
import base64
import hashlib
import hmac
import json
import pathlib

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def hkdf(master: bytes, info: bytes) -> bytes:
    # RFC 5869 with an empty salt (HashLen zero bytes) and one output block.
    prk = hmac.new(b"\0" * 32, master, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


vectors = json.loads((pathlib.Path(__file__).parent / "v1.json").read_text())
masters = {k["kid"]: bytes.fromhex(k["master_hex"]) for k in vectors["pii_keys"]}
checked = 0
for h in vectors["hashed"]:
    mac_key = hkdf(masters[h["kid"]], b"claims/v1/mac")
    msg = b"claims/v1/hash\0" + h["domain"].encode() + b"\0" + h["value_json"].encode()
    tag = hmac.new(mac_key, msg, hashlib.sha256).digest()
    assert h["wire"] == f"h1.{h['kid']}.{b64(tag)}", h
    checked += 1
for e in vectors["encrypted"]:
    enc_key = hkdf(masters[e["kid"]], b"claims/v1/enc")
    nonce = bytes.fromhex(e["nonce_hex"])
    aad = b"claims/v1/enc\0" + e["kid"].encode() + b"\0" + e["field"].encode()
    sealed = nonce + AESGCM(enc_key).encrypt(nonce, e["value_json"].encode(), aad)
    assert e["wire"] == f"e1.{e['kid']}.{b64(sealed)}", e
    checked += 1
for t in vectors["tokens"]:
    header, payload, signature = t["token"].split(".")
    mac = hmac.new(bytes.fromhex(t["secret_hex"]), f"{header}.{payload}".encode(), hashlib.sha256)
    assert signature == b64(mac.digest()), t["kid"]
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {
        "alg": "HS256", "typ": "JWT", "kid": t["kid"]}
    assert json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))) == t["payload"]
    checked += 1
print(f"{checked} vectors match")
