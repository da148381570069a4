#!/usr/bin/env bash
# The console's browser test drives the system's Chromium (Debian's chromium and chromium-driver
# packages). Installs them when missing; a no-op when both are there. Nothing else is downloaded:
# the test points Selenium at these binaries, so Selenium Manager never fetches a browser or driver.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
as_root=()
if [[ "$(id -u)" != 0 ]]; then
  as_root=(sudo -n)
fi
echo "Installing Chromium and its WebDriver (Debian packages chromium, chromium-driver) for the console's browser test"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version
