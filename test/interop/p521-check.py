#!/usr/bin/python3
"""securesystemslib 1.2's own verdict on metadata we signed, for test/interop/p521-sign.test.ts.

Debian bookworm ships securesystemslib 0.26, whose schemas stop at ecdsa-sha2-nistp384; P-521 came
in 1.2. So this runs on /usr/bin/python3 (bookworm's pyca/cryptography) with PYTHONPATH at the 1.2
extracted by scripts/ci/securesystemslib-1.2.sh, and refuses to run on any other version.
Everything here is securesystemslib 1.2: canonical bytes (formats.encode_canonical), the default key
id, the key as SSlibKey.from_crypto writes it, and SSlibKey.verify_signature, which is what
python-tuf's Metadata.verify_delegate calls.

Protocol: {"file": path, "path": [steps to the metadata object]} on stdin, JSON result on stdout.
`python3 p521-check.py --version` prints where securesystemslib 1.2 was imported from.
"""

import base64
import copy
import json
import sys

import securesystemslib

EXPECTED_VERSION = "1.2.0"
# Before importing what 0.26 lacks, so a wrong PYTHONPATH says so instead of an ImportError.
if securesystemslib.__version__ != EXPECTED_VERSION:
    sys.exit(f"securesystemslib {securesystemslib.__version__} imported from {securesystemslib.__file__}, expected {EXPECTED_VERSION}")

# securesystemslib 1.2 wants pyca/cryptography >= 40, which renamed PUBLIC_KEY_TYPES to PublicKeyTypes;
# bookworm has 38. Without that one name its verifier silently loses pyca (every ECDSA/RSA check
# raises UnsupportedLibraryError). 1.2 uses it only in annotations (never evaluated: it has
# `from __future__ import annotations`), so the old alias under the new name is all it takes; the
# verification itself stays securesystemslib 1.2's code on bookworm's pyca. A no-op on cryptography >= 40.
from cryptography.hazmat.primitives.asymmetric import types as crypto_types

if not hasattr(crypto_types, "PublicKeyTypes"):
    crypto_types.PublicKeyTypes = crypto_types.PUBLIC_KEY_TYPES

from securesystemslib.formats import encode_canonical
from securesystemslib.signer import Signature, SSlibKey
from securesystemslib.signer import _key as sslib_key
from securesystemslib.signer._utils import compute_default_keyid
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def canonical(value):
    return encode_canonical(value).encode("utf-8")


def verdict(key, sig, data):
    """None when securesystemslib verifies, else the name of the exception it raised."""
    try:
        key.verify_signature(sig, data)
        return None
    except Exception as e:  # noqa: BLE001 - the exception's name is the answer
        return type(e).__name__


def as_sslib_writes_it(key):
    """The key dict SSlibKey.from_crypto makes from the same public key (what `rstuf` imports)."""
    public = key["keyval"]["public"]
    if key["keytype"] == "ed25519":
        crypto = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public))
    else:
        crypto = serialization.load_pem_public_key(public.encode())
    return SSlibKey.from_crypto(crypto, scheme=key["scheme"]).to_dict()


def main():
    if sslib_key.CRYPTO_IMPORT_ERROR is not None:
        sys.exit(f"securesystemslib {EXPECTED_VERSION} cannot use pyca/cryptography: {sslib_key.CRYPTO_IMPORT_ERROR}")
    if sys.argv[1:] == ["--version"]:
        print(securesystemslib.__file__)
        return
    req = json.load(sys.stdin)
    # json.load of the metadata file itself: the TS side's parser plays no part in these bytes.
    with open(req["file"], encoding="utf-8") as f:
        doc = json.load(f)
    for step in req["path"]:
        doc = doc[step]
    signed = doc["signed"]
    data = canonical(signed)
    # The same document one version later: a signature over the original must not cover it.
    other = copy.deepcopy(signed)
    other["version"] += 1
    other_data = canonical(other)
    results = []
    for s in doc["signatures"]:
        key_dict = signed["keys"][s["keyid"]]
        meta = {"keytype": key_dict["keytype"], "scheme": key_dict["scheme"], "keyval": key_dict["keyval"]}
        key = SSlibKey.from_dict(s["keyid"], copy.deepcopy(key_dict))
        sig = Signature.from_dict(dict(s))
        # Last byte changed: still well-formed DER for ECDSA (it is the end of s), so only the maths can refuse it.
        last = int(s["sig"][-2:], 16) ^ 0x01
        flipped = Signature(s["keyid"], s["sig"][:-2] + f"{last:02x}")
        results.append({
            "keyid": s["keyid"],
            "scheme": key.scheme,
            "keyid_matches": compute_default_keyid(meta["keytype"], meta["scheme"], meta["keyval"]) == s["keyid"],
            "same_key_as_sslib_writes_it": as_sslib_writes_it(meta) == meta,
            "error": verdict(key, sig, data),
            "tampered_document_error": verdict(key, sig, other_data),
            "tampered_signature_error": verdict(key, flipped, data),
        })
    json.dump({"module": securesystemslib.__file__, "canonical_b64": base64.b64encode(data).decode("ascii"), "signatures": results}, sys.stdout)


if __name__ == "__main__":
    main()
