#!/usr/bin/env bash
# Renders the k8s overlays with the real kustomize (kubectl's built-in, or a kustomize binary)
# into k8s/rendered/<overlay>.yaml, and validates them with kubeconform when it is installed.
# The unit tests (KubernetesManifestsTest) do not need either tool.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if command -v kubectl >/dev/null 2>&1; then build=(kubectl kustomize)
elif command -v kustomize >/dev/null 2>&1; then build=(kustomize build)
else echo "render.sh: needs kubectl or kustomize" >&2; exit 2; fi
mkdir -p rendered
for overlay in overlays/*/; do
  name="$(basename "$overlay")"
  "${build[@]}" "$overlay" > "rendered/$name.yaml"
  echo "rendered/$name.yaml: $(grep -c '^kind:' "rendered/$name.yaml") resources"
  if command -v kubeconform >/dev/null 2>&1; then
    # custom resources are validated only where their schemas are known to kubeconform
    kubeconform -strict -summary -ignore-missing-schemas "rendered/$name.yaml"
  fi
done
