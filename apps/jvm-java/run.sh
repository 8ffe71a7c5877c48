#!/usr/bin/env bash
# Builds the Java calcite.v1/seatunnel.v1 server if needed and runs it in the foreground.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/build.sh"
exec java -cp "$(cat "$here/build/classpath")" switchyard.jvm.Main "$@"
