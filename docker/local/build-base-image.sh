#!/usr/bin/env bash
# Builds a local base image with a Java 17 runtime (Debian bookworm, minbase, plus
# openjdk-17-jre-headless) from Debian packages alone, for Docker engines that reach no image
# registry: debootstrap into a folder, then `docker import` it. The Testcontainers suite builds
# its Kafka broker image on top of it. Does nothing when the engine already has the image.
#
#   docker/local/build-base-image.sh [IMAGE]      (default llm-stream-local/jre17:bookworm)
#
# Needs root, debootstrap and a running Docker engine. The Debian mirror is the one apt uses
# (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list), else deb.debian.org.
set -euo pipefail

image="${1:-llm-stream-local/jre17:bookworm}"
suite=bookworm

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image: already present"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "building $image needs root (debootstrap)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "debootstrap not found: apt-get install -y debootstrap" >&2; exit 1; }

# The first mirror of the Debian archive itself (not debian-security) that apt is configured with.
mirror=""
if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
  mirror="$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | tr ' ' '\n' | grep -v -- '-security' | head -n1 || true)"
fi
if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
  mirror="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' /etc/apt/sources.list \
    | grep -v -- '-security' | head -n1 || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

rootfs="$(mktemp -d "${TMPDIR:-/tmp}/llm-stream-rootfs.XXXXXX")"
cleanup() {
  # debootstrap mounts /proc and /sys inside the tree while it installs; a failed run may leave them
  umount "$rootfs/proc" "$rootfs/sys" 2>/dev/null || true
  rm -rf "$rootfs"
}
trap cleanup EXIT

start=$SECONDS
echo "base image $image: debootstrap $suite (minbase + openjdk-17-jre-headless) from $mirror ..."
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
  echo "debootstrap failed; its last lines:" >&2
  tail -n 20 "$rootfs.log" >&2
  rm -f "$rootfs.log"
  exit 1
}
rm -f "$rootfs.log"
# downloaded packages and package lists are of no use in the image
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
echo "base image $image: root file system ready after $((SECONDS - start)) s; importing ..."
tar -C "$rootfs" -c . | docker import - "$image" >/dev/null
# host networking: such engines often run without a bridge network
if ! docker run --rm --network host "$image" java -version >/dev/null 2>&1; then
  echo "base image $image: java does not run in the imported image; removing it" >&2
  docker image rm "$image" >/dev/null
  exit 1
fi
echo "base image $image: built in $((SECONDS - start)) s ($(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1e6 }'))"
