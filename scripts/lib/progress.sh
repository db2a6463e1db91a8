# maven_progress NAME LOG: reads Maven's output (run with -B -Dstyle.color=never) on stdin, keeps
# all of it in LOG, and prints one line per module as it is finished, with its elapsed time:
#   launch: core built (1 of 4, 12 s)
# Escape codes are removed, so nothing stray reaches a terminal or a log. Fails when Maven did.
maven_progress() {
  local name="$1" log="$2" line module="" index="" total="" started=$SECONDS failed=0
  local building='^\[INFO\] Building (.+) [^ ]+ +\[([0-9]+)/([0-9]+)\]$'
  : >"$log"
  while IFS= read -r line; do
    line="$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g')"
    printf '%s\n' "$line" >>"$log"
    if [[ $line =~ $building ]]; then
      [ -n "$module" ] && echo "$name: $module built ($index of $total, $((SECONDS - started)) s)" >&2
      module="${BASH_REMATCH[1]}"; index="${BASH_REMATCH[2]}"; total="${BASH_REMATCH[3]}"; started=$SECONDS
    elif [[ $line == "[INFO] BUILD FAILURE"* ]]; then
      failed=1
    elif [[ $line == "[INFO] BUILD SUCCESS"* ]] && [ -n "$module" ]; then
      echo "$name: $module built ($index of $total, $((SECONDS - started)) s)" >&2
      module=""
    fi
  done
  grep -q '^\[INFO\] BUILD SUCCESS' "$log" && [ "$failed" = 0 ]
}
