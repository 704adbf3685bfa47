// The OpenWallet Foundation's TypeScript SD-JWT VC implementation
// (@sd-jwt/sd-jwt-vc with @sd-jwt/crypto-nodejs, pinned by package.json and
// package-lock.json here) as issuer, holder and verifier, for
// tests/tests/test_sd_vc_interop.rs. Node.js 20 or later; the packages are
// found through NODE_PATH (the test points it at target/sd-node/node_modules).
//
// Usage: node peer.cjs issue|present|verify, one JSON request on stdin, the
// result on stdout.
//
// issue:   {"issuer_jwk": {private JWK, ES256}, "header": {"kid": ...},
//           "claims": {...}, "frame": {disclosure frame}, "holder_jwk": {public JWK}?}
//          -> the SD-JWT, <jwt>~<d1>~...~ (typ dc+sd-jwt, cnf.jwk from holder_jwk)
// present: {"sd_jwt": "...", "frame": {presentation frame},
//           "holder_jwk": {private JWK}?, "aud": "...", "nonce": "...", "iat": n}
//          -> the presentation, with a KB-JWT when holder_jwk is given
// verify:  {"presentation": "...", "issuer_jwk": {public JWK}, "nonce": "..."?}
//          -> {"payload": {...}, "header": {...}, "key_binding_checked": bool}
//
// A frame is the library's own: {"_sd": ["name", ...], "address": {"_sd":
// ["street"]}, "list": {"_sd": [0, 1]}} to issue; {"address": {"street":
// true}, "list": {"1": true}} to present. When the peer refuses a
// presentation, verify prints {"rejected": "<message>"} and exits 3; any
// other failure exits 1.

'use strict';

const { SDJwtVcInstance } = require('@sd-jwt/sd-jwt-vc');
const { ES256, digest, generateSalt } = require('@sd-jwt/crypto-nodejs');

const REJECTED = 3;

function readRequest() {
  return JSON.parse(require('fs').readFileSync(0, 'utf8'));
}

/// A peer instance: `signer` for the issuer, `kbSigner` for the holder,
/// verifiers that take the holder key from `cnf.jwk`.
function instance(extra) {
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: () => generateSalt(16),
    signAlg: ES256.alg,
    kbSignAlg: ES256.alg,
    kbVerifier: async (data, signature, payload) => {
      const jwk = payload && payload.cnf && payload.cnf.jwk;
      if (!jwk) {
        throw new Error('no cnf.jwk to verify the KB-JWT with');
      }
      return (await ES256.getVerifier(jwk))(data, signature);
    },
    ...extra,
  });
}

async function issue(request) {
  const sdjwt = instance({ signer: await ES256.getSigner(request.issuer_jwk) });
  const claims = { ...request.claims };
  if (request.holder_jwk) {
    claims.cnf = { jwk: request.holder_jwk };
  }
  return sdjwt.issue(claims, request.frame, { header: request.header || {} });
}

async function present(request) {
  const extra = {};
  let kb;
  if (request.holder_jwk) {
    extra.kbSigner = await ES256.getSigner(request.holder_jwk);
    kb = { payload: { iat: request.iat, aud: request.aud, nonce: request.nonce } };
  }
  return instance(extra).present(request.sd_jwt, request.frame, kb ? { kb } : undefined);
}

async function verify(request) {
  const sdjwt = instance({ verifier: await ES256.getVerifier(request.issuer_jwk) });
  const options = request.nonce ? { keyBindingNonce: request.nonce } : {};
  try {
    const result = await sdjwt.verify(request.presentation, options);
    return JSON.stringify({
      payload: result.payload,
      header: result.header,
      key_binding_checked: Boolean(result.kb),
    });
  } catch (error) {
    process.stdout.write(JSON.stringify({ rejected: String(error && error.message) }) + '\n');
    process.exit(REJECTED);
  }
}

const commands = { issue, present, verify };

async function main() {
  const command = commands[process.argv[2]];
  if (!command) {
    throw new Error('usage: node peer.cjs issue|present|verify < request.json');
  }
  process.stdout.write((await command(readRequest())) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exit(1);
});
