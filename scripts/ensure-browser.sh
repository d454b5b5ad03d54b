#!/usr/bin/env bash
# Makes sure the end-to-end tests have a Chromium to drive.
# CHROME_PATH wins; else Debian's /usr/lib/chromium/chromium, installed here if
# we are root on Debian; else we say how to get one and stop.
set -euo pipefail

if [ -n "${CHROME_PATH:-}" ]; then
  [ -x "$CHROME_PATH" ] || { echo "CHROME_PATH=$CHROME_PATH is not an executable browser." >&2; exit 1; }
  exit 0
fi

DEBIAN_CHROMIUM=/usr/lib/chromium/chromium
if [ -x "$DEBIAN_CHROMIUM" ]; then exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the end-to-end tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$DEBIAN_CHROMIUM" ] && exit 0
fi

cat >&2 <<MSG
No Chromium found for the end-to-end tests.
  On Debian or Ubuntu, as root:  apt-get install -y chromium
  Anywhere else:                 set CHROME_PATH to a Chromium or Chrome for Testing binary.
MSG
exit 1
