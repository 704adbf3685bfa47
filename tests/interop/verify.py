"""Verify a presentation with the IETF reference verifier (PyPI `sd-jwt`).

Reads one JSON object on stdin:

    {
      "presentation": "<issuer-jwt>~<d1>~...~[<kb-jwt>]",
      "issuer_jwk": {...},                # the issuer's public JWK
      "aud": "https://verifier.example",  # optional: with nonce, the KB-JWT is
      "nonce": "..."                      # required and checked (ES256 only)
    }

On success prints {"payload": <the processed SD-JWT payload>,
"key_binding_checked": <bool>} on stdout and exits 0. When the reference
refuses the presentation, prints {"rejected": "<exception>: <message>"} and
exits 3; any other exit status is a broken request or script.
"""

import json
import sys

from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier

REJECTED = 3


def main():
    request = json.load(sys.stdin)
    issuer_jwk = request["issuer_jwk"]
    issuer_key = JWK(**issuer_jwk)
    aud = request.get("aud")
    nonce = request.get("nonce")

    def issuer_key_for(_iss, header):
        # The reference hands over the unverified `iss` and header; a real
        # verifier picks the key by them. Here there is one key: check its kid.
        if "kid" in issuer_jwk and header.get("kid") != issuer_jwk["kid"]:
            raise ValueError("the issuer JWT's kid is not the issuer key's")
        return issuer_key

    try:
        verifier = SDJWTVerifier(
            request["presentation"],
            issuer_key_for,
            expected_aud=aud,
            expected_nonce=nonce,
        )
        payload = verifier.get_verified_payload()
    except Exception as error:  # the reference signals every refusal by raising
        print(json.dumps({"rejected": f"{type(error).__name__}: {error}"}))
        sys.exit(REJECTED)
    print(json.dumps({"payload": payload, "key_binding_checked": bool(aud or nonce)}))


if __name__ == "__main__":
    main()
