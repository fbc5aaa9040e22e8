#!/usr/bin/env bash
# The autograder's set-up. Gradescope runs it once, as root, while it builds the autograder's image
# (with network access), after unpacking autograder.zip into /autograder/source. It installs what
# run_autograder needs:
#   1. Debian/Ubuntu packages: Python's Jupyter client (the notebook runner is Python), bubblewrap
#      (the sandbox of student kernels), curl / xz-utils / ca-certificates (for step 2);
#   2. Node.js >= 20: the image's own apt package when its candidate is >= 20, otherwise the official
#      build from nodejs.org, of the version that built this archive (node-version.txt), checked
#      against the release's SHASUMS256.txt, unpacked in /usr/local/lib/nodejs, linked in /usr/local/bin;
#   3. the Jupyter client in a virtual environment when the image's python3-nbclient is older than
#      0.7 (Ubuntu 22.04 has 0.5.6, whose client API the runner does not fit): the versions the grader
#      is tested with, from PyPI; run_autograder is told through source/.nn-python;
#   4. `npm ci` in /autograder/source (the course's exact dependencies, from package-lock.json);
#   5. a check that everything is there, which fails the build (rather than every submission) if not.
# Written for Gradescope's default base image, Ubuntu 22.04; it decides each step from what the image
# has, so other Ubuntu or Debian images work the same way.
#
#   NN_AUTOGRADER_ROOT=DIR   the autograder's folder (default /autograder)
#   NN_SETUP_DRY_RUN=1       print the system changes of steps 1-3 instead of making them, and skip
#                            npm ci when node_modules is already there (used by the course's tests)
set -euo pipefail

AG="${NN_AUTOGRADER_ROOT:-/autograder}"
SRC="$AG/source"
DRY="${NN_SETUP_DRY_RUN:-0}"
NODE_MIN=20
NODE_VERSION="${NN_NODE_VERSION:-$(tr -d '[:space:]' < "$SRC/node-version.txt")}"
VENV=/opt/nn-jupyter
# The Jupyter client the grader is tested with (Debian 12's packages).
PY_PINS=(nbclient==0.7.2 jupyter_client==7.4.9 nbformat==5.5.0 traitlets==5.5.0 pyzmq==24.0.1 tornado==6.2)

say() { printf '[setup] %s\n' "$*"; }
run() {
  if [ "$DRY" = 1 ]; then printf '[setup] would run: %s\n' "$*"; else "$@"; fi
}
die() { printf '[setup] FAILED: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian/Ubuntu packages ---------------------------------------------------------------
APT_PACKAGES=(python3 python3-nbclient python3-nbformat python3-jupyter-client bubblewrap util-linux ca-certificates curl xz-utils)
say "Debian/Ubuntu packages: ${APT_PACKAGES[*]}"
run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}"

# --- 2. Node.js >= 20 ------------------------------------------------------------------------
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
apt_node_major() {
  apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ {print $2}' | sed -E 's/^[0-9]+://; s/[^0-9].*//' | grep -E '^[0-9]+$' || echo 0
}
if command -v node >/dev/null && [ "$(node_major node)" -ge "$NODE_MIN" ]; then
  say "Node.js $(node --version) is already installed"
elif [ "$(apt_node_major)" -ge "$NODE_MIN" ]; then
  say "Node.js from apt (candidate $(apt_node_major).x)"
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
else
  case "$(uname -m)" in
    x86_64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) die "no Node.js build for this machine ($(uname -m))" ;;
  esac
  NAME="node-v$NODE_VERSION-linux-$ARCH"
  URL="https://nodejs.org/dist/v$NODE_VERSION"
  say "Node.js $NODE_VERSION from nodejs.org (apt offers only Node.js $(apt_node_major), and the grader needs >= $NODE_MIN)"
  TMP="$(mktemp -d)"
  run curl -fsSL --retry 3 -o "$TMP/$NAME.tar.xz" "$URL/$NAME.tar.xz"
  run curl -fsSL --retry 3 -o "$TMP/SHASUMS256.txt" "$URL/SHASUMS256.txt"
  if [ "$DRY" = 1 ]; then
    say "would check $NAME.tar.xz against SHASUMS256.txt, unpack it in /usr/local/lib/nodejs and link node, npm, npx in /usr/local/bin"
  else
    (cd "$TMP" && grep " $NAME.tar.xz\$" SHASUMS256.txt | sha256sum -c -) || die "$NAME.tar.xz does not match the release's SHASUMS256.txt"
    mkdir -p /usr/local/lib/nodejs
    tar -xJf "$TMP/$NAME.tar.xz" -C /usr/local/lib/nodejs
    for b in node npm npx; do ln -sf "/usr/local/lib/nodejs/$NAME/bin/$b" "/usr/local/bin/$b"; done
  fi
  rm -rf "$TMP"
fi
export PATH="/usr/local/bin:$PATH"

# --- 3. the Jupyter client (Python) ----------------------------------------------------------
PYTHON=/usr/bin/python3
nbclient_ok() {
  "$1" - <<'EOF' 2>/dev/null
import sys, nbclient, nbformat, jupyter_client
v = tuple(int(x) for x in nbclient.__version__.split(".")[:2])
sys.exit(0 if v >= (0, 7) else 1)
EOF
}
if nbclient_ok "$PYTHON"; then
  say "Jupyter client: $("$PYTHON" -c 'import nbclient; print("nbclient", nbclient.__version__)') from apt"
  rm -f "$SRC/.nn-python"
else
  say "Jupyter client: the image's nbclient is older than 0.7: ${PY_PINS[*]} from PyPI in $VENV"
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
  run "$PYTHON" -m venv "$VENV"
  run "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PY_PINS[@]}"
  PYTHON="$VENV/bin/python"
  if [ "$DRY" != 1 ]; then echo "$PYTHON" > "$SRC/.nn-python"; fi
fi

# --- 4. the course's npm dependencies ----------------------------------------------------------
cd "$SRC"
if [ "$DRY" = 1 ] && [ -e node_modules ]; then
  say "node_modules is already there: npm ci skipped"
else
  say "npm ci (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- 5. check ------------------------------------------------------------------------------------
[ "$(node_major node)" -ge "$NODE_MIN" ] || die "Node.js >= $NODE_MIN is needed, found $(node --version 2>/dev/null || echo none)"
if [ "$DRY" != 1 ] || nbclient_ok "$PYTHON"; then
  nbclient_ok "$PYTHON" || die "$PYTHON cannot import nbclient >= 0.7, nbformat and jupyter_client"
fi
[ -f node_modules/tslab/bin/tslab ] || die "tslab is missing from node_modules (npm ci failed?)"
[ -f jupyter/kernels/tslab/kernel.json ] || die "the course's kernelspec jupyter/kernels/tslab/kernel.json is missing"
node --import tsx -e 'require("./tools/grade/gradescope-run")' || die "the grader does not load under $(node --version)"
command -v bwrap >/dev/null || say "note: bubblewrap is not installed: student kernels will run without the OS sandbox"
chmod 0755 "$SRC/run_autograder" 2>/dev/null || true
chmod 0755 "$AG/run_autograder" 2>/dev/null || true
say "ready: Node.js $(node --version), $("$PYTHON" -c 'import nbclient; print("nbclient", nbclient.__version__)' 2>/dev/null || echo "nbclient (not installed: dry run)"), $(ls notebooks/*.ipynb | wc -l) lessons"
