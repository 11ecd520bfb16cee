#!/usr/bin/env bash
# Builds llm-stream-local/flink:2.2-java17, a local stand-in for the official image flink:2.2-java17
# for machines without access to an image registry (CI, air-gapped hosts). It needs Maven (Flink's
# jars come from Maven Central, or the local Maven repository) and a local Java 17 base image.
# Where the official image can be pulled, use it instead; nothing else needs this one.
#
#   docker/local/build-flink-base.sh [--base IMAGE] [--tag TAG]
#
# --base  Java 17 runtime image to start from (default llm-stream-local/jre17:bookworm)
# --tag   name of the result (default llm-stream-local/flink:2.2-java17)
set -euo pipefail
cd "$(dirname "$0")"

base="llm-stream-local/jre17:bookworm"
tag="llm-stream-local/flink:2.2-java17"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    *) echo "usage: $0 [--base IMAGE] [--tag TAG]" >&2; exit 2 ;;
  esac
done

if ! docker image inspect "$base" >/dev/null 2>&1; then
  echo "base image $base not found; build it with docker/local/build-base-image.sh, or pass another Debian or Ubuntu" \
    "image with a Java 17 runtime with --base" >&2
  exit 1
fi

rm -rf target/flink
mvn -B -q -f pom.xml package
cp ../../bin/java17-flink.flags target/flink/java17.flags
docker build --build-arg BASE_IMAGE="$base" -t "$tag" .
echo "built $tag"
