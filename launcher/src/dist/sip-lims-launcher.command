#!/bin/bash
# macOS: double-click in Finder to start the SIP LIMS launcher in a Terminal window
# (Terminal shows its progress; close the window or press Ctrl+C to quit it and the app).
# From a terminal it takes the launcher's options, like bin/sip-lims-launcher.
here="$(cd "$(dirname "$0")" && pwd -P)"
# A downloaded zip marks every file as quarantined; the bundled Java runtime would then be
# refused. This folder's files came with the launcher, so lift the mark (harmless if absent).
xattr -dr com.apple.quarantine "$here" 2>/dev/null || true
exec "$here/bin/sip-lims-launcher" "$@"
