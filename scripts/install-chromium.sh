#!/usr/bin/env bash
# Install Debian's Chromium (/usr/bin/chromium) for the Playwright browser tests.
# Never runs `playwright install`: browser downloads are not available here.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || true)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
APT=($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=120)

# Refresh the package lists only when needed: apt does not know the package yet,
# or the install fails on stale lists (a version the mirror no longer serves).
if ! apt-cache show chromium >/dev/null 2>&1; then
    "${APT[@]}" update
fi
if ! "${APT[@]}" install --no-install-recommends chromium; then
    "${APT[@]}" update
    "${APT[@]}" install --no-install-recommends chromium
fi

/usr/bin/chromium --version
