#!/usr/bin/env bash
# Compiles the legacy twin into apps/legacy-twin/build/ with javac and Debian's library jars; does nothing when the build is current.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jars="${LEGACY_TWIN_JARS:-/usr/share/java}"  # overridable to check the missing-jar message

command -v javac > /dev/null || { echo "legacy-twin: javac not found: apt-get install -y --no-install-recommends openjdk-17-jdk-headless" >&2; exit 1; }
need() {
  [ -f "$jars/$1" ] || { echo "legacy-twin: $jars/$1 is missing: apt-get install -y --no-install-recommends $2" >&2; exit 1; }
}
need mariadb-java-client.jar libmariadb-java
need jackson-databind.jar libjackson2-databind-java
need jackson-core.jar libjackson2-core-java
need jackson-annotations.jar libjackson2-annotations-java

classpath="$jars/mariadb-java-client.jar:$jars/jackson-databind.jar:$jars/jackson-core.jar:$jars/jackson-annotations.jar"
stamp="$here/build/.built"
if [ -f "$stamp" ] && [ -z "$(find "$here/src" "$here/build.sh" -newer "$stamp" -print -quit)" ]; then exit 0; fi

rm -rf "$here/build"
mkdir -p "$here/build/classes"
find "$here/src" -name '*.java' -print0 | xargs -0 javac --release 17 -Xlint:all -Werror -d "$here/build/classes" -cp "$classpath"
printf '%s\n' "$here/build/classes:$classpath" > "$here/build/classpath"
touch "$stamp"
echo "legacy-twin: built into $here/build"
