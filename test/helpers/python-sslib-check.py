#!/usr/bin/python3
"""Independent checks for the test suite, done by Debian's python3-securesystemslib (0.26) and
pyca/cryptography, never by our own code: signature verification, OLPC canonical JSON bytes,
key ids, loading our encrypted PKCS#8 files, and writing legacy securesystemslib key files.

Protocol: a JSON list of requests on stdin, a JSON list of results (same order) on stdout.
Byte strings travel as base64. A request that fails gives {"error": "..."} instead of aborting
the batch, so one bad input cannot hide the results of the others.
"""

import base64
import hashlib
import json
import sys

import securesystemslib
from securesystemslib import formats
from securesystemslib import keys as sslib_keys
from securesystemslib.signer import Signature, SSlibKey
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa


def b64(data):
    return base64.b64encode(data).decode("ascii")


def canonical_bytes(value):
    return formats.encode_canonical(value).encode("utf-8")


def at_path(value, path):
    for step in path:
        value = value[step]
    return value


def op_canonical_file(req):
    # json.load of the file itself: the TS side's parser plays no part in these bytes.
    with open(req["file"], encoding="utf-8") as f:
        doc = json.load(f)
    return {"b64": b64(canonical_bytes(at_path(doc, req.get("path", []))))}


def op_canonical_text(req):
    return {"b64": b64(canonical_bytes(json.loads(req["text"])))}


def op_verify(req):
    """securesystemslib's own verification (what python-tuf, and so the RSTUF worker, calls)."""
    key = SSlibKey.from_dict(req["keyid"], dict(req["key"]))
    try:
        key.verify_signature(Signature(req["keyid"], req["sig"]), base64.b64decode(req["data_b64"]))
        return {"ok": True}
    except Exception as e:  # noqa: BLE001 - every failure is a "not verified" answer
        return {"ok": False, "reason": f"{type(e).__name__}: {e}"}


def op_verify_ecdsa_crypto(req):
    """pyca/cryptography directly, for ECDSA curves a securesystemslib version may not handle."""
    public = serialization.load_pem_public_key(req["public_pem"].encode())
    hasher = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384()}[req["hash"]]
    try:
        public.verify(bytes.fromhex(req["sig"]), base64.b64decode(req["data_b64"]), ec.ECDSA(hasher))
        return {"ok": True, "curve": public.curve.name}
    except InvalidSignature:
        return {"ok": False, "curve": public.curve.name}


def op_default_keyid(req):
    key = req["key"]
    meta = {"keytype": key["keytype"], "scheme": key["scheme"], "keyval": key["keyval"]}
    return {"keyid": hashlib.sha256(canonical_bytes(meta)).hexdigest()}


def op_legacy_keyid(req):
    """securesystemslib 0.26's own keyid, which still hashes keyid_hash_algorithms."""
    key = req["key"]
    return {"keyid": sslib_keys._get_keyid(key["keytype"], key["scheme"], key["keyval"])}


def op_load_private_pem(req):
    """What the rstuf CLI does with a key file: load_pem_private_key(pem, password)."""
    private = serialization.load_pem_private_key(req["pem"].encode(), password=req["password"].encode())
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    kinds = [(ed25519.Ed25519PrivateKey, "ed25519"), (ec.EllipticCurvePrivateKey, "ec"), (rsa.RSAPrivateKey, "rsa")]
    out = {"type": next((name for cls, name in kinds if isinstance(private, cls)), type(private).__name__), "public_pem": public_pem}
    if isinstance(private, ec.EllipticCurvePrivateKey):
        out["curve"] = private.curve.name
    if hasattr(private, "key_size"):
        out["key_size"] = private.key_size
    return out


def op_legacy_encrypted_key(req):
    """A key file in securesystemslib's pre-1.0 format, written by securesystemslib itself."""
    keytype = req["keytype"]
    if keytype == "ed25519":
        key = sslib_keys.generate_ed25519_key()
    elif keytype == "ecdsa":
        key = sslib_keys.generate_ecdsa_key()
    elif keytype == "rsa":
        key = sslib_keys.generate_rsa_key(bits=2048)
    else:
        raise ValueError(f"unknown keytype {keytype}")
    encrypted = sslib_keys.encrypt_key(key, req["password"])
    public = {"keytype": key["keytype"], "scheme": key["scheme"], "keyval": {"public": key["keyval"]["public"]}}
    return {"encrypted": encrypted, "public": public, "legacy_keyid": key["keyid"]}


OPS = {
    "canonical_file": op_canonical_file,
    "canonical_text": op_canonical_text,
    "verify": op_verify,
    "verify_ecdsa_crypto": op_verify_ecdsa_crypto,
    "default_keyid": op_default_keyid,
    "legacy_keyid": op_legacy_keyid,
    "load_private_pem": op_load_private_pem,
    "legacy_encrypted_key": op_legacy_encrypted_key,
}


def main():
    if sys.argv[1:] == ["--version"]:
        print(json.dumps({"securesystemslib": securesystemslib.__version__}))
        return
    results = []
    for req in json.load(sys.stdin):
        try:
            results.append(OPS[req["op"]](req))
        except Exception as e:  # noqa: BLE001 - reported per request
            results.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
