#!/usr/bin/env bash
# Rewrites FLINK_CONF_DIR/config.yaml with changes applied, with the same arguments as the official
# image's script of this name: FLINK_CONF_DIR FLINK_BIN_DIR FLINK_LIB_DIR, then -Dkey=value,
# -repKV key,old,new and -rmKV key=value. Flink itself (BashJavaUtils) parses and writes the file.
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "Usage: config-parser-utils.sh FLINK_CONF_DIR FLINK_BIN_DIR FLINK_LIB_DIR [dynamic args...]" >&2
  exit 1
fi
conf_dir="$1"
lib_dir="$3"
shift 3
prefix="BASH_JAVA_UTILS_EXEC_RESULT:"
output="$(java -cp "$lib_dir/*" org.apache.flink.runtime.util.bash.BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION \
  --configDir "$conf_dir" "$@" 2>&1)" || { echo "[ERROR] could not update the configuration:" >&2; echo "$output" >&2; exit 1; }
result="$(printf '%s\n' "$output" | sed -n "s/^${prefix}//p")"
if [[ -z "$result" ]]; then
  echo "[ERROR] Flink returned no configuration:" >&2
  echo "$output" >&2
  exit 1
fi
printf '%s\n' "$result" > "$conf_dir/config.yaml"
