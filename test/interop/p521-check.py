#!/usr/bin/python3
"""P-521 checks for test/interop/p521-*.test.ts, by Debian's securesystemslib and pyca/cryptography.

Debian ships securesystemslib 0.26, whose schemas stop at ecdsa-sha2-nistp384 (P-521 came in
securesystemslib 1.2, whose CryptoSigner verifies with pyca's ECDSA(SHA512)); so securesystemslib
makes the canonical bytes and the key id, and pyca/cryptography verifies the signature the way
securesystemslib 1.2 does. Protocol: JSON request on stdin, JSON result on stdout.
"""

import hashlib
import json
import sys

from securesystemslib import formats
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def main():
    req = json.load(sys.stdin)
    # json.load of the metadata file itself: the TS side's parser plays no part in these bytes.
    with open(req["file"], encoding="utf-8") as f:
        doc = json.load(f)
    for step in req["path"]:
        doc = doc[step]
    canonical = formats.encode_canonical(doc["signed"]).encode("utf-8")
    results = []
    for sig in doc["signatures"]:
        key = doc["signed"]["keys"][sig["keyid"]] if "keys" in doc["signed"] else req["keys"][sig["keyid"]]
        meta = {"keytype": key["keytype"], "scheme": key["scheme"], "keyval": key["keyval"]}
        keyid = hashlib.sha256(formats.encode_canonical(meta).encode("utf-8")).hexdigest()
        public = serialization.load_pem_public_key(key["keyval"]["public"].encode())
        out = {"keyid": sig["keyid"], "keyid_matches": keyid == sig["keyid"], "curve": public.curve.name, "scheme": key["scheme"]}
        try:
            public.verify(bytes.fromhex(sig["sig"]), canonical, ec.ECDSA(hashes.SHA512()))
            out["ok"] = True
        except InvalidSignature:
            out["ok"] = False
        results.append(out)
    json.dump({"sha256": hashlib.sha256(canonical).hexdigest(), "signatures": results}, sys.stdout)


if __name__ == "__main__":
    main()
