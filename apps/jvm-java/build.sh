#!/usr/bin/env bash
# Generates calcite.v1 and seatunnel.v1 from the repo's proto/ with protoc and Debian's grpc-java plugin, then compiles
# them and the server into apps/jvm-java/build/ with javac and Debian's library jars; does nothing when the build is current.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
protos="$(cd "$here/../../proto" && pwd)"
jars="${JVM_JAVA_JARS:-/usr/share/java}"  # overridable to check the missing-jar message
plugin="${JVM_JAVA_GRPC_PLUGIN:-/usr/bin/grpc_java_plugin}"

command -v javac > /dev/null || { echo "jvm-java: javac not found: apt-get install -y --no-install-recommends openjdk-17-jdk-headless" >&2; exit 1; }
command -v protoc > /dev/null || { echo "jvm-java: protoc not found: apt-get install -y --no-install-recommends protobuf-compiler" >&2; exit 1; }
[ -x "$plugin" ] || { echo "jvm-java: $plugin is missing: apt-get install -y --no-install-recommends protobuf-compiler-grpc-java-plugin" >&2; exit 1; }
classpath=""
need() {
  [ -f "$jars/$1" ] || { echo "jvm-java: $jars/$1 is missing: apt-get install -y --no-install-recommends $2" >&2; exit 1; }
  classpath="${classpath:+$classpath:}$jars/$1"
}
# grpc-java 1.41 and what it needs at run time: Netty's HTTP/2 transport, Guava, PerfMark, Gson (service config).
need grpc-api.jar libgrpc-java
need grpc-context.jar libgrpc-java
need grpc-core.jar libgrpc-java
need grpc-netty.jar libgrpc-java
need grpc-protobuf.jar libgrpc-java
need grpc-protobuf-lite.jar libgrpc-java
need grpc-stub.jar libgrpc-java
need protobuf.jar libprotobuf-java
need guava.jar libguava-java
need perfmark-api.jar libperfmark-java
need gson.jar libgoogle-gson-java
need jsr305.jar libjsr305-java
need error_prone_annotations.jar liberror-prone-java
for module in common buffer codec codec-http codec-http2 handler resolver transport; do need "netty-$module.jar" libnetty-java; done
need mariadb-java-client.jar libmariadb-java
# The generated stubs carry @javax.annotation.Generated (source retention: needed to compile them, not to run them).
annotations="$jars/geronimo-annotation-1.3-spec.jar"
[ -f "$annotations" ] || { echo "jvm-java: $annotations is missing: apt-get install -y --no-install-recommends libgeronimo-annotation-1.3-spec-java" >&2; exit 1; }

# Test files start the server from parallel Jest workers: one build at a time, the others wait and find it current.
mkdir -p "$here/build"
exec 9> "$here/build/.lock"
flock 9
stamp="$here/build/.built"
if [ -f "$stamp" ] && [ -z "$(find "$here/src" "$here/build.sh" "$protos/calcite.proto" "$protos/seatunnel.proto" -newer "$stamp" -print -quit)" ]; then exit 0; fi

rm -rf "$here/build/generated" "$here/build/classes" "$stamp"
mkdir -p "$here/build/generated" "$here/build/classes"
protoc --proto_path="$protos" --java_out="$here/build/generated" \
  --plugin=protoc-gen-grpc-java="$plugin" --grpc-java_out="$here/build/generated" \
  "$protos/calcite.proto" "$protos/seatunnel.proto"
# Generated code is compiled without -Werror (it uses APIs protobuf marks deprecated); ours with it.
find "$here/build/generated" -name '*.java' -print0 | xargs -0 javac --release 17 -nowarn -d "$here/build/classes" -cp "$classpath:$annotations"
find "$here/src" -name '*.java' -print0 | xargs -0 javac --release 17 -Xlint:all -Werror -d "$here/build/classes" -cp "$here/build/classes:$classpath"
printf '%s\n' "$here/build/classes:$classpath" > "$here/build/classpath"
touch "$stamp"
echo "jvm-java: built into $here/build"
