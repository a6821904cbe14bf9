# The same floor in python with Debian's securesystemslib 0.26 (what python-tuf and the RSTUF CLI
# build on): read, json.load, encode_canonical, sha256, ed25519 sign. Run with /usr/bin/python3.
# argv: <input.json> <signer key (securesystemslib key dict JSON)> <dot path of the signed object>
import hashlib
import json
import resource
import sys

from securesystemslib.formats import encode_canonical
from securesystemslib.keys import create_signature

input_path, key_path, signed_path = sys.argv[1:4]
with open(input_path, "rb") as f:
    signed = json.load(f)
for part in signed_path.split("."):
    signed = signed[part]
data = encode_canonical(signed).encode("utf-8")
sha256 = hashlib.sha256(data).hexdigest()
with open(key_path, "rb") as f:
    key = json.load(f)
signature = create_signature(key, data)["sig"]
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"signature": signature, "sha256": sha256, "maxRssKb": usage.ru_maxrss, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000}))
