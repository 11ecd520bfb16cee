#!/usr/bin/env bash
# Entry point of the local Flink stand-in image, with the official image's interface:
#   jobmanager | standalone-job [--job-classname CLASS] [job args...] | taskmanager | help,
#   anything else is run as a command;
#   JOB_MANAGER_RPC_ADDRESS, TASK_MANAGER_NUMBER_OF_TASK_SLOTS and FLINK_PROPERTIES (config.yaml
#   lines, applied last) configure the process.
# There is no Flink distribution here, so the processes are started with java directly; their
# memory options are derived from the configuration by Flink, as its start scripts do.
set -euo pipefail

FLINK_HOME="${FLINK_HOME:-/opt/flink}"
export FLINK_CONF_DIR="$FLINK_HOME/conf" FLINK_LIB_DIR="$FLINK_HOME/lib" FLINK_PLUGINS_DIR="$FLINK_HOME/plugins" \
  FLINK_BIN_DIR="$FLINK_HOME/bin" FLINK_LOG_DIR="$FLINK_HOME/log"
JOB_MANAGER_RPC_ADDRESS="${JOB_MANAGER_RPC_ADDRESS:-$(hostname -f 2>/dev/null || cat /etc/hostname)}"
RESULT_PREFIX="BASH_JAVA_UTILS_EXEC_RESULT:"

if [[ "$(id -u)" == 0 ]]; then
  echo "WARNING: Running as root user is not recommended. Please use a non-root user to run Flink."
fi

set_config_options() {
  if [[ $# -gt 0 ]]; then
    "$FLINK_BIN_DIR/config-parser-utils.sh" "$FLINK_CONF_DIR" "$FLINK_BIN_DIR" "$FLINK_LIB_DIR" "$@"
  fi
}

# As the official image: one "key: value" per line, all white space removed, $VARIABLES expanded.
flink_properties_options() {
  local line key value
  while IFS= read -r line; do
    line="$(printf '%s' "$line" | tr -d '[:space:]')"
    [[ -z "$line" ]] && continue
    IFS=':' read -r key value <<< "$line"
    if command -v envsubst >/dev/null 2>&1; then
      value="$(printf '%s' "$value" | envsubst)"
    fi
    printf '%s\n' "-D${key}=${value}"
  done <<< "$FLINK_PROPERTIES"
}

prepare_configuration() {
  local options=("-Djobmanager.rpc.address=$JOB_MANAGER_RPC_ADDRESS" "-Dblob.server.port=6124" "-Dquery.server.port=6125")
  if [[ -n "${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-}" ]]; then
    options+=("-Dtaskmanager.numberOfTaskSlots=$TASK_MANAGER_NUMBER_OF_TASK_SLOTS")
  fi
  if [[ -n "${FLINK_PROPERTIES:-}" ]]; then
    mapfile -t -O "${#options[@]}" options < <(flink_properties_options)
  fi
  set_config_options "${options[@]}"
}

# JVM options (line 1) and derived memory settings (line 2) for GET_JM_RESOURCE_PARAMS or GET_TM_RESOURCE_PARAMS.
resource_params() {
  local output
  output="$(java -cp "$FLINK_LIB_DIR/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF_DIR" 2>&1)" \
    || { echo "[ERROR] Flink could not derive the process memory from the configuration:" >&2; echo "$output" >&2; exit 1; }
  printf '%s\n' "$output" | sed -n "s/^${RESULT_PREFIX}//p" | tail -n 2
}

# start_flink NAME RESOURCE_COMMAND MAIN_CLASS [args...]
start_flink() {
  local name="$1" resources="$2" main="$3"
  shift 3
  local params jvm_params dynamic
  params="$(resource_params "$resources")"
  jvm_params="$(sed -n 1p <<< "$params")"
  dynamic="$(sed -n 2p <<< "$params")"
  mkdir -p "$FLINK_LOG_DIR"
  # shellcheck disable=SC2086 # the derived options are space-separated lists
  exec java @"$FLINK_CONF_DIR/java17.flags" $jvm_params ${FLINK_ENV_JAVA_OPTS:-} \
    -Dlog.file="$FLINK_LOG_DIR/flink-$name.log" \
    -Dlog4j.configurationFile="file:$FLINK_CONF_DIR/log4j-console.properties" \
    -Dlog4j2.configurationFile="file:$FLINK_CONF_DIR/log4j-console.properties" \
    -cp "$FLINK_LIB_DIR/*" "$main" --configDir "$FLINK_CONF_DIR" $dynamic "$@"
}

if [[ "${1:-help}" == "help" ]]; then
  echo "Usage: $(basename "$0") (jobmanager|standalone-job|taskmanager)"
  echo "    Or $(basename "$0") help"
  echo "(local stand-in for the official Flink image)"
  exit 0
fi

case "$1" in
  jobmanager)
    prepare_configuration
    echo "Starting Job Manager"
    start_flink jobmanager GET_JM_RESOURCE_PARAMS org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "${@:2}"
    ;;
  standalone-job)
    prepare_configuration
    echo "Starting Job Manager"
    start_flink standalonejob GET_JM_RESOURCE_PARAMS io.llmstream.flinkbase.StandaloneApplicationEntryPoint "${@:2}"
    ;;
  taskmanager)
    prepare_configuration
    echo "Starting Task Manager"
    start_flink taskmanager GET_TM_RESOURCE_PARAMS org.apache.flink.runtime.taskexecutor.TaskManagerRunner "${@:2}"
    ;;
  history-server)
    echo "the local stand-in has no history server" >&2
    exit 1
    ;;
  *)
    prepare_configuration
    exec "$@"
    ;;
esac
