"""Placeholder page of the SIP LIMS Workflow Manager image.

This is NOT the workflow manager. It is a small page of this project's own that proves the whole
chain (build, test, push, pull, launch, mount) works end to end: it shows the project name, the
files in the project folder mounted at /data, and the image's version. Replace the contents of
app/ with the workflow manager's source (its entry point must be app/app.py); see app/README.md.
"""

import os
from datetime import datetime, timezone
from pathlib import Path

import streamlit as st

DATA_DIR = Path(os.environ.get("SIPLIMS_DATA_DIR", "/data"))
MAX_ENTRIES = 500


def list_folder(folder: Path):
    """The folder's entries, folders first, as rows for a table; raises OSError if unreadable."""
    rows = []
    entries = sorted(folder.iterdir(), key=lambda p: (not p.is_dir(), p.name.lower()))
    for entry in entries[:MAX_ENTRIES]:
        try:
            info = entry.stat()
            size = "" if entry.is_dir() else f"{info.st_size:,} B"
            modified = datetime.fromtimestamp(info.st_mtime, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        except OSError:
            size, modified = "?", "?"
        rows.append({"name": entry.name + ("/" if entry.is_dir() else ""), "size": size, "modified": modified})
    return rows, len(entries)


st.set_page_config(page_title="SIP LIMS Workflow Manager", page_icon=":test_tube:")

project = os.environ.get("PROJECT_NAME") or DATA_DIR.name or "(no project name)"
version = os.environ.get("APP_VERSION", "unknown")
commit = os.environ.get("COMMIT_SHA", "unknown")
build_date = os.environ.get("BUILD_DATE", "unknown")

st.title("SIP LIMS Workflow Manager")
st.header(f"Project: {project}")
workflow = os.environ.get("WORKFLOW_TYPE")
if workflow:
    st.write(f"Workflow: **{workflow}**")

st.info("Placeholder page: the workflow manager's own application has not been placed in this image yet.")

st.subheader(f"Files in {DATA_DIR}")
if not DATA_DIR.is_dir():
    st.warning(f"{DATA_DIR} is not there: no project folder is mounted.")
else:
    try:
        rows, total = list_folder(DATA_DIR)
    except OSError as e:
        st.error(f"Cannot read {DATA_DIR}: {e.strerror or e}")
    else:
        if not rows:
            st.write("The folder is empty.")
        else:
            st.table(rows)
            if total > len(rows):
                st.caption(f"Showing the first {len(rows)} of {total} entries.")

st.divider()
st.caption(f"Image version {version} · commit {commit[:12]} · built {build_date}")
