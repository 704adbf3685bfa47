"""Make a presentation with the IETF reference holder (PyPI `sd-jwt`).

Reads one JSON object on stdin:

    {
      "sd_jwt": "<issuer-jwt>~<disclosure>~...~",
      "disclose": {"email": true, ...},   # the reference's claims_to_disclose
      "holder_jwk": {...},                # optional: private JWK; with aud and
      "aud": "https://verifier.example",  # nonce, a Key Binding JWT is appended
      "nonce": "...",
      "alg": "ES256"                      # optional: KB-JWT alg (reference default: ES256)
    }

Prints the presentation, `<issuer-jwt>~<d1>~...~[<kb-jwt>]`, on stdout.
"""

import json
import sys

from jwcrypto.jwk import JWK
from sd_jwt.holder import SDJWTHolder


def main():
    request = json.load(sys.stdin)
    holder = SDJWTHolder(request["sd_jwt"])
    holder_jwk = request.get("holder_jwk")
    holder.create_presentation(
        request.get("disclose", {}),
        nonce=request.get("nonce"),
        aud=request.get("aud"),
        holder_key=JWK(**holder_jwk) if holder_jwk else None,
        sign_alg=request.get("alg"),
    )
    print(holder.sd_jwt_presentation)


if __name__ == "__main__":
    main()
