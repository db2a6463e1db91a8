# Sourced by scripts/launch, scripts/publish and bench/run: the one "rebuild when stale" rule.
#
#   stale BUILT SOURCE...
#
# True (exit 0) when BUILT (a file the build makes last) is missing, or when any file under the
# SOURCE folders and files is newer than it. Sources that do not exist are ignored.
stale() {
  local built="$1"; shift
  if [ -z "$built" ] || [ ! -e "$built" ]; then
    return 0
  fi
  local existing=() source
  for source in "$@"; do
    [ -e "$source" ] && existing+=("$source")
  done
  [ "${#existing[@]}" -gt 0 ] || return 1
  [ -n "$(find "${existing[@]}" -newer "$built" -type f -print -quit)" ]
}
