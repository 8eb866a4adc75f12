#!/usr/bin/env bash
# Install what sciagent's sandbox needs from Debian. Idempotent: safe to re-run.
#
#   bubblewrap  - user/mount/pid/net namespaces (tier A)
#   util-linux  - setpriv, to drop from root to an unprivileged uid inside the sandbox
#   libseccomp2 - the seccomp filter compiler, loaded with ctypes
#
# As root: installs whatever is missing (apt-get update once, then install).
# As an ordinary user: prints what is missing and exits 0; the sandbox then
# reports a weaker tier (see `sciagent doctor`).
set -euo pipefail

need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
# (not `ldconfig -p | grep -q`: under pipefail, grep's early exit fails the pipe)
libs=$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)
if [[ "$libs" != *libseccomp.so.2* ]]; then
    need+=(libseccomp2)
fi

if [ ${#need[@]} -eq 0 ]; then
    echo "sciagent sandbox: all system packages present (bubblewrap, setpriv, libseccomp2)."
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "WARNING: sciagent sandbox: missing Debian packages: ${need[*]}" >&2
    echo "         not root, so not installing them. Ask an administrator to run:" >&2
    echo "           apt-get update && apt-get install -y ${need[*]}" >&2
    echo "         Until then \`sciagent doctor\` will report a weaker isolation tier." >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "WARNING: sciagent sandbox: no apt-get here; install manually: ${need[*]}" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${need[@]}"
echo "sciagent sandbox: installed ${need[*]}."
