"""Issue an SD-JWT with the IETF reference implementation (PyPI `sd-jwt`).

Reads one JSON object on stdin:

    {
      "issuer_jwk": {...},        # private JWK of the issuer (kid, kty, d, ...)
      "alg": "ES256",             # JWS alg of the issuer JWT (reference default: ES256)
      "header": {"typ": "sd+jwt", "kid": "..."},
                                  # extra_header_parameters; without "typ" the
                                  # reference's default "example+sd-jwt" is kept
      "claims": {...},            # the claims, with selective-disclosure markers:
                                  #   "!sd:name": value   -> a disclosable property
                                  #   {"!sd": value}      -> a disclosable array element
      "holder_jwk": {...},        # optional: public JWK put in cnf.jwk
      "decoys": false             # optional: the reference's random 2..5 decoys per object
    }

Prints the SD-JWT as issued, `<issuer-jwt>~<disclosure>~...~`, on stdout.
"""

import json
import sys

from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.issuer import SDJWTIssuer

SD_KEY = "!sd:"
SD_ELEMENT = "!sd"


def mark(value):
    """Turn the markers into the reference's SDObj wrappers, recursively."""
    if isinstance(value, dict):
        if len(value) == 1 and SD_ELEMENT in value:
            raise ValueError("{\"!sd\": ...} is only allowed as an array element")
        return {
            (SDObj(key[len(SD_KEY):]) if key.startswith(SD_KEY) else key): mark(inner)
            for key, inner in value.items()
        }
    if isinstance(value, list):
        return [
            SDObj(mark(item[SD_ELEMENT]))
            if isinstance(item, dict) and len(item) == 1 and SD_ELEMENT in item
            else mark(item)
            for item in value
        ]
    return value


def main():
    request = json.load(sys.stdin)
    issuer_key = JWK(**request["issuer_jwk"])
    holder = request.get("holder_jwk")
    issuer = SDJWTIssuer(
        mark(request["claims"]),
        issuer_key,
        holder_key=JWK(**holder) if holder else None,
        sign_alg=request.get("alg"),
        add_decoy_claims=bool(request.get("decoys", False)),
        extra_header_parameters=request.get("header", {}),
    )
    print(issuer.sd_jwt_issuance)


if __name__ == "__main__":
    main()
