#!/usr/bin/env bash
# The metrics integration test scrapes Casefile with a real Prometheus server (Debian's prometheus
# package) and reads the results through its HTTP query API. Installs it when missing; a no-op when
# it is there. The package's own service is not started: the test runs its own server.
set -euo pipefail
if [[ -x /usr/bin/prometheus ]]; then
  exit 0
fi
as_root=()
if [[ "$(id -u)" != 0 ]]; then
  as_root=(sudo -n)
fi
echo "Installing Prometheus (Debian package prometheus) for the metrics integration test"
export DEBIAN_FRONTEND=noninteractive
# No init system runs the package's service here; keep its maintainer scripts from trying.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod +x "$policy"
  created_policy=true
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
if [[ "$created_policy" == true ]]; then
  "${as_root[@]}" rm -f "$policy"
fi
/usr/bin/prometheus --version 2>&1 | head -1
