#!/usr/bin/env bash
# securesystemslib 1.2 (the first to verify ecdsa-sha2-nistp521) for the interop tests, from Debian
# trixie's pure-Python .deb, pinned by sha256. Bookworm's python3-securesystemslib is 0.26, so the
# package is only extracted into .cache/sslib-1.2/ (gitignored) and used with
#   PYTHONPATH=.cache/sslib-1.2/usr/lib/python3/dist-packages /usr/bin/python3
# It is never installed over the system package. Idempotent: an extract that is complete (stamp
# written last) and still matches the package's md5sums is left as it is.
set -euo pipefail

# SSLIB12_DEB_URL: another place for the same .deb (a mirror, or file:// in the script's own test); the pin still applies.
URL="${SSLIB12_DEB_URL:-http://deb.debian.org/debian/pool/main/p/python-securesystemslib/python3-securesystemslib_1.2.0-2_all.deb}"
# From trixie's Packages index; http is fine because this hash, not the transport, is the check.
SHA256="753cfee27c7a0e3020278c6daa587060ae157d3ef4f7a7890b6611c446548230"
VERSION="1.2.0"

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# Never a .cache/ somewhere else: the root found must be the one holding this script.
[ -f "$ROOT/scripts/ci/securesystemslib-1.2.sh" ] || { echo "securesystemslib-1.2.sh: cannot find the repository root from $0" >&2; exit 1; }
CACHE="$ROOT/.cache"
DEST="$CACHE/sslib-1.2"
SITE="$DEST/usr/lib/python3/dist-packages"
STAMP="$DEST/.extracted-sha256"

say() { echo "securesystemslib-1.2.sh: $*" >&2; }

# The extracted files against the md5sums the package itself lists (catches a partial or edited tree).
tree_ok() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$SHA256" ] && [ -f "$DEST/DEBIAN/md5sums" ] \
    && (cd "$DEST" && md5sum --check --quiet --strict DEBIAN/md5sums >/dev/null 2>&1)
}

# Debian's /usr/bin/python3 (with its pyca/cryptography) must import 1.2 from the extract, not 0.26.
# (1.2's verifier also wants pyca/cryptography >= 40 for one annotation-only name; bookworm has 38, so
# test/interop/p521-check.py aliases it and checks that 1.2's pyca backend is on.)
import_ok() {
  PYTHONPATH="$SITE" PYTHONNOUSERSITE=1 /usr/bin/python3 - "$SITE" "$VERSION" <<'PY'
import os, sys
import securesystemslib
from securesystemslib.signer import SSlibKey  # noqa: F401  (needs pyca/cryptography)
site, version = sys.argv[1], sys.argv[2]
if securesystemslib.__version__ != version:
    sys.exit(f"imported securesystemslib {securesystemslib.__version__}, expected {version}")
if not os.path.realpath(securesystemslib.__file__).startswith(os.path.realpath(site) + os.sep):
    sys.exit(f"imported {securesystemslib.__file__}, not the extract in {site}")
PY
}

mkdir -p "$CACHE"
# Two test files may start this at once: one extracts, the other waits and then finds it done.
exec 9>"$CACHE/sslib-1.2.lock"
flock 9

if tree_ok; then
  import_ok
  echo "$SITE"
  exit 0
fi

WORK="$(mktemp -d "$CACHE/sslib-1.2.tmp.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# The checked .deb is kept, so a re-extract needs no network; it is checked again on every use.
DEB="$CACHE/python3-securesystemslib_1.2.0-2_all.deb"
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ ! -f "$DEB" ] || [ "$(sha256_of "$DEB")" != "$SHA256" ]; then
  say "downloading $URL"
  if command -v curl >/dev/null; then
    curl --fail --silent --show-error --location --retry 3 --max-time 120 --output "$WORK/download.deb" "$URL"
  else
    # A minimal CI image may have no curl; /usr/bin/python3 is there (the tests need it anyway).
    /usr/bin/python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$URL" "$WORK/download.deb"
  fi
  GOT="$(sha256_of "$WORK/download.deb")"
  if [ "$GOT" != "$SHA256" ]; then
    say "REFUSED: sha256 of the downloaded .deb is $GOT, expected $SHA256; nothing extracted"
    exit 1
  fi
  mv -f "$WORK/download.deb" "$DEB"
fi

dpkg-deb -x "$DEB" "$WORK/tree"
dpkg-deb -e "$DEB" "$WORK/tree/DEBIAN"
echo "$SHA256" >"$WORK/tree/.extracted-sha256"
# Replace a stale or partial extract; the new tree appears in one rename.
rm -rf "$DEST"
mv -T "$WORK/tree" "$DEST"
tree_ok || { say "extracted files do not match the package's md5sums"; exit 1; }
import_ok
say "extracted securesystemslib $VERSION into $DEST"
echo "$SITE"
