# The SIP LIMS Workflow Manager image, built by `scripts/publish publish` on the maintainer's
# ARM64 Mac (linux/arm64; with a lock pair per platform under locks/, linux/amd64 too). Layers are ordered from what changes least to what changes most:
# base, user, conda environment, pip packages, entrypoint, and the application LAST, so a release
# that changes only app/ changes only the small top layer and lab users download megabytes,
# not the whole ~2.6 GB.
#
# Base: continuumio/miniconda3 25.3.1-1 (Debian 12), pinned by digest, never by tag. This digest is
# the one public Dockerfiles pin for that release (the workflow manager's own Docker-era file
# among them); it could not be pulled or checked on the machine this file was written on.
FROM continuumio/miniconda3@sha256:4a2425c3ca891633e5a27280120f3fb6d5960a0f509b7594632cdd5bb8cbaea8

ENV LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    CONDA_ENV_NAME=sip-lims-workflow-manager \
    PATH=/opt/conda/envs/sip-lims-workflow-manager/bin:$PATH \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# The non-root user the app runs as. On Linux hosts the launcher runs the container as the
# user who started it instead (`--user UID:GID`), so files written into /data belong to them.
RUN groupadd --gid 1000 app \
 && useradd --uid 1000 --gid 1000 --create-home --home-dir /home/app --shell /bin/bash app

# The lock pair of the platform being built: locks/<os>-<arch>[-<variant>]/ when the image definition
# has one per platform (a multi-platform release), else the root pair. BuildKit sets the TARGET* args
# itself; the publisher passes them to the legacy builder. The [t] globs let either file be absent;
# when both exist the platform's own, copied second, wins (preflight checks that same file).
ARG TARGETOS
ARG TARGETARCH
ARG TARGETVARIANT

# 1. The conda environment (Python, pip and the C libraries they need), exactly as locked.
#    For a rebuild to be the same image (`scripts/publish rebuild-check`): conda's install log
#    (conda-meta/history, with the time of the install) is emptied, and the package caches go.
COPY conda-lock.tx[t] locks/${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}/conda-lock.tx[t] /opt/sip-lims/
RUN conda create --yes --quiet --name sip-lims-workflow-manager --file /opt/sip-lims/conda-lock.txt \
 && conda clean --all --yes \
 && if [ -f /opt/conda/envs/sip-lims-workflow-manager/conda-meta/history ]; then \
        : > /opt/conda/envs/sip-lims-workflow-manager/conda-meta/history; fi \
 && rm -rf /root/.cache

# 2. The pip packages (Streamlit and its dependencies), exactly as locked. --no-deps: nothing
#    outside the lock file is ever installed; `pip check` fails the build if the lock is incomplete.
#    Then every .pyc of the environment (conda's and pip's) is compiled again recording the source's
#    hash instead of its file time (--invalidation-mode unchecked-hash), so a rebuild writes the same
#    bytes. Only where the environment has Python's standard library: the test stand-in has none.
COPY requirements-lock.tx[t] locks/${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}/requirements-lock.tx[t] /opt/sip-lims/
RUN /opt/conda/envs/sip-lims-workflow-manager/bin/python -m pip install --no-cache-dir --no-compile --no-deps \
        -r /opt/sip-lims/requirements-lock.txt \
 && /opt/conda/envs/sip-lims-workflow-manager/bin/python -m pip check \
 && if ls /opt/conda/envs/sip-lims-workflow-manager/lib/python3*/compileall.py >/dev/null 2>&1; then \
        /opt/conda/envs/sip-lims-workflow-manager/bin/python -m compileall -q -f -j 0 --invalidation-mode unchecked-hash \
            /opt/conda/envs/sip-lims-workflow-manager/lib; \
    else echo "no Python standard library in the environment: .pyc files left as they are"; fi \
 && rm -rf /root/.cache

# The folders the launcher mounts: the project folder and the workflow scripts.
RUN mkdir -p /data /workflow-scripts \
 && chown app:app /data /workflow-scripts

# The entrypoint: activates the environment, answers --version, otherwise starts Streamlit.
COPY image/entrypoint.sh /opt/sip-lims/entrypoint.sh

# 3. The application, copied last. Root-owned and read-only to the app user.
COPY app/ /opt/app/

# Release metadata: build args (set by the publisher) become environment variables, which the
# entrypoint's --version prints, and labels (named in core's ReleaseLabels). Declared after the
# last file-system layer on purpose: a new version, commit or date never invalidates a cached
# layer. The publisher also sets these labels, plus org.siplims.release.dirty and the SHA-256 of
# each lock file, at build time.
ARG APP_VERSION=dev
ARG COMMIT_SHA=unknown
ARG BUILD_DATE=unknown
ENV APP_VERSION=${APP_VERSION} \
    COMMIT_SHA=${COMMIT_SHA} \
    BUILD_DATE=${BUILD_DATE}
LABEL org.opencontainers.image.title="SIP LIMS Workflow Manager" \
      org.opencontainers.image.source="https://github.com/rrmalmstrom/sip_lims_workflow_manager" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${COMMIT_SHA}" \
      org.opencontainers.image.created="${BUILD_DATE}" \
      org.siplims.release.version="${APP_VERSION}" \
      org.siplims.release.commit="${COMMIT_SHA}" \
      org.siplims.release.build-date="${BUILD_DATE}"

USER app
WORKDIR /data
EXPOSE 8501

# Healthy when Streamlit answers its health path. Python's urllib from the environment: no curl
# needed. The long start period leaves room for ARM64 emulation on Intel/AMD hosts.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
  CMD ["/opt/conda/envs/sip-lims-workflow-manager/bin/python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=8).status == 200 else 1)"]

ENTRYPOINT ["/bin/bash", "/opt/sip-lims/entrypoint.sh"]
CMD []
