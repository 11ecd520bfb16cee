#!/usr/bin/env bash
# Builds a local base image with a Java 17 runtime (Debian bookworm, minbase, plus
# openjdk-17-jre-headless) from Debian packages alone, for Docker engines that reach no image
# registry: debootstrap into a folder, then `docker import` it. The Testcontainers suite builds
# its Kafka broker image on top of it. Does nothing when the engine already has the image.
#
#   docker/local/build-base-image.sh [IMAGE]      (default llm-stream-local/jre17:bookworm)
#   docker/local/build-base-image.sh --print-mirror   (prints the Debian mirror it would use, and exits)
#
# Needs root, debootstrap and a running Docker engine. The Debian mirror is the one this machine's
# apt is configured with: the URIs: of a deb822 source in /etc/apt/sources.list.d/*.sources, or the
# URI of a deb line in /etc/apt/sources.list (or sources.list.d/*.list); one that serves the suite
# built here is preferred. Without one the script stops and says so: it never guesses a host.
set -euo pipefail

suite=bookworm

# Prints the Debian mirror apt uses: the first source that serves $1 (exactly), else the first
# other deb source that is not a security suite. Prints nothing when apt has no deb source.
apt_mirror() {
  local wanted="$1" files=() f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && files+=("$f")
  done
  {
    if ((${#files[@]})); then
      # deb822: paragraphs of "Field: value" lines, separated by blank lines
      awk -v suite="$wanted" '
        function flush(   n, m, u, s, j) {
          if (types ~ /(^|[[:space:]])deb([[:space:]]|$)/ && enabled != "no" && uris != "") {
            n = split(uris, u, /[[:space:]]+/)
            m = split(suites, s, /[[:space:]]+/)
            for (j = 1; j <= m; j++) {
              if (s[j] == suite) print 1, u[1]
              else if (s[j] != "" && s[j] !~ /-security$/) print 2, u[1]
            }
          }
          types = uris = suites = enabled = ""
        }
        FNR == 1 { flush() }
        /^[[:space:]]*#/ { next }
        /^[[:space:]]*$/ { flush(); next }
        {
          key = tolower($0); sub(/:.*/, "", key)
          value = $0; sub(/^[^:]*:[[:space:]]*/, "", value)
          if (key == "types") types = value
          else if (key == "uris") uris = value
          else if (key == "suites") suites = value
          else if (key == "enabled") enabled = tolower(value)
        }
        END { flush() }' "${files[@]}" 2>/dev/null || true
    fi
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -f "$f" ]] || continue
      # one-line format: deb [options] URI SUITE COMPONENTS...
      awk -v suite="$wanted" '
        $1 == "deb" {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          if ($(i + 1) == suite) print 1, $i
          else if ($(i + 1) !~ /-security$/) print 2, $i
        }' "$f"
    done
  } | sort -s -n -k1,1 | head -n1 | cut -d' ' -f2
}

mirror="$(apt_mirror "$suite")"
if [[ -z "$mirror" ]]; then
  echo "no Debian mirror in the apt configuration: neither a URIs: line of a deb source in" \
    "/etc/apt/sources.list.d/*.sources nor a deb line in /etc/apt/sources.list; configure apt with the Debian" \
    "mirror to use (one that serves $suite) and run this again" >&2
  exit 1
fi
if [[ "${1:-}" == --print-mirror ]]; then
  echo "$mirror"
  exit 0
fi

image="${1:-llm-stream-local/jre17:bookworm}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image: already present"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "building $image needs root (debootstrap)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "debootstrap not found: apt-get install -y debootstrap" >&2; exit 1; }

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
