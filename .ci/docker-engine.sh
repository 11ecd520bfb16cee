# Sourced by .ci/run: makes a Docker engine usable by the Testcontainers suite (ContainerKafkaITCase,
# FlinkContainersITCase).
# Installs and starts one when `docker info` does not answer (no bridge network, no iptables: container
# traffic stays on loopback), builds the local Java base image and the Flink stand-in
# image when the engine lacks them, and exports
# the Testcontainers settings such an engine needs. Nothing here may fail CI: on any failure it says
# so and returns, and the suite is then skipped with its reason.

DOCKER_BASE_IMAGE="llm-stream-local/jre17:bookworm"
DOCKER_FLINK_IMAGE="llm-stream-local/flink:2.2-java17"

docker_setup_log() {
  printf '[docker-setup %3d s] %s\n' "$((SECONDS - docker_setup_start))" "$*"
}

docker_setup_give_up() {
  docker_setup_log "$* -- going on without it; the Testcontainers suite will be skipped with its reason"
}

# Installs Debian packages, quietly; their output goes to a log file that a failure points to.
docker_setup_install() {
  local log="${TMPDIR:-/tmp}/llm-stream-docker-install.log"
  docker_setup_log "installing $* ..."
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >"$log" 2>&1; then
    docker_setup_give_up "installing $* failed (see $log)"
    return 1
  fi
  docker_setup_log "installed $*"
}

# Starts dockerd in the background unless an engine answers; installs it first when it is missing.
docker_setup_engine() {
  if docker info >/dev/null 2>&1; then
    docker_setup_log "engine already running ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    docker_setup_install docker.io debootstrap || return 1
    # where an init system runs, the package starts an engine of its own
    if docker info >/dev/null 2>&1; then
      docker_setup_log "engine started by the docker.io package"
      return 0
    fi
  fi
  local log="${TMPDIR:-/tmp}/llm-stream-dockerd.log"
  docker_setup_log "starting dockerd (no bridge network, no iptables), log in $log ..."
  nohup dockerd --bridge=none --iptables=false --ip6tables=false >"$log" 2>&1 &
  local pid=$!
  disown "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 60; i++)); do
    if docker info >/dev/null 2>&1; then
      docker_setup_log "engine up (dockerd pid $pid)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      docker_setup_give_up "dockerd exited: $(tail -n 3 "$log" | tr '\n' ' ')"
      return 1
    fi
    sleep 1
  done
  docker_setup_give_up "dockerd did not answer within 60 s (see $log)"
  return 1
}

docker_setup() {
  docker_setup_start=$SECONDS
  docker_setup_log "setting up a Docker engine for the Testcontainers suite"
  docker_setup_engine || return 0
  # An engine without a bridge network cannot publish ports and (usually) reaches no registry:
  # Testcontainers must then address containers on localhost and do without its Ryuk container.
  if ! docker network inspect bridge >/dev/null 2>&1; then
    export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
    export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
    docker_setup_log "engine has no bridge network: TESTCONTAINERS_HOST_OVERRIDE=$TESTCONTAINERS_HOST_OVERRIDE TESTCONTAINERS_RYUK_DISABLED=$TESTCONTAINERS_RYUK_DISABLED"
  fi
  if docker image inspect "$DOCKER_BASE_IMAGE" >/dev/null 2>&1; then
    docker_setup_log "base image $DOCKER_BASE_IMAGE present"
  elif ! command -v debootstrap >/dev/null 2>&1 && ! docker_setup_install debootstrap; then
    return 0
  elif ! docker/local/build-base-image.sh "$DOCKER_BASE_IMAGE"; then
    docker_setup_give_up "building the base image $DOCKER_BASE_IMAGE failed"
    return 0
  fi
  # FlinkContainersITCase builds the job image on this stand-in where flink:2.2-java17 cannot be pulled
  if docker image inspect "$DOCKER_FLINK_IMAGE" >/dev/null 2>&1; then
    docker_setup_log "Flink stand-in image $DOCKER_FLINK_IMAGE present"
  elif ! docker/local/build-flink-base.sh --base "$DOCKER_BASE_IMAGE" --tag "$DOCKER_FLINK_IMAGE"; then
    docker_setup_give_up "building the Flink stand-in image $DOCKER_FLINK_IMAGE failed"
    return 0
  fi
  docker_setup_log "ready"
}
