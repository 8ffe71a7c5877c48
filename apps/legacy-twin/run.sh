#!/usr/bin/env bash
# Builds the legacy twin if needed and runs it in the foreground (arguments go to it, e.g. --self-test).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/build.sh"
exec java -cp "$(cat "$here/build/classpath")" switchyard.twin.Main "$@"
