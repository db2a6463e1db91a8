#!/bin/bash
# Entrypoint of the SIP LIMS Workflow Manager image.
#
#   (no arguments)      run the app: streamlit on 0.0.0.0:8501, headless, usage statistics off,
#                       toolbar in viewer mode (no developer menu, no Deploy button), and
#                       browser.serverAddress=localhost (the URL it prints; this also stops
#                       Streamlit from looking up the machine's external IP address online)
#   --version           print the version, commit and build date, and exit 0
#   --some.option=...   run the app with extra Streamlit options appended
#   COMMAND [ARGS...]   run COMMAND inside the activated environment (e.g. python -m pytest)
#
# The paths can be overridden through the environment (the image's tests do that).
set -eu

CONDA_DIR="${SIPLIMS_CONDA_DIR:-/opt/conda}"
ENV_NAME="${CONDA_ENV_NAME:-sip-lims-workflow-manager}"
APP_DIR="${SIPLIMS_APP_DIR:-/opt/app}"
APP_MAIN="${SIPLIMS_APP_MAIN:-app.py}"
APP_PORT=8501

if [ "${1:-}" = "--version" ]; then
    echo "SIP LIMS Workflow Manager ${APP_VERSION:-unknown}"
    echo "commit: ${COMMIT_SHA:-unknown}"
    echo "build date: ${BUILD_DATE:-unknown}"
    exit 0
fi

# On Linux the launcher runs the container as the host user, who has no home in the image:
# give conda and Streamlit a writable one for their own small files.
if [ -z "${HOME:-}" ] || [ "$HOME" = "/" ] || [ ! -w "$HOME" ]; then
    export HOME=/tmp
fi

# Activate the conda environment (runs the packages' activation scripts); without conda's
# shell support, put the environment first on PATH.
if [ -f "$CONDA_DIR/etc/profile.d/conda.sh" ]; then
    set +u
    # shellcheck disable=SC1091
    . "$CONDA_DIR/etc/profile.d/conda.sh"
    conda activate "$ENV_NAME"
    set -u
else
    export PATH="$CONDA_DIR/envs/$ENV_NAME/bin:$PATH"
fi

if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
    exec streamlit run \
        --server.address=0.0.0.0 \
        --server.port="$APP_PORT" \
        --server.headless=true \
        --browser.gatherUsageStats=false \
        --browser.serverAddress=localhost \
        --client.toolbarMode=viewer \
        "$@" \
        "$APP_DIR/$APP_MAIN"
fi

exec "$@"
