#!/usr/bin/env bash
# The shell logic of action.yml, kept here so it can be linted and run locally.
#
#   action-run.sh scan      validate inputs, install complyscan, scan, publish summary/outputs
#   action-run.sh verdict   fail the action when the scan says so (runs after the uploads)
#
# Inputs arrive as environment variables (INPUT_*), never as ${{ }} text in a script.
# Everything GitHub provides is an ordinary environment variable, so a fake environment
# (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH) runs it anywhere:
# tests/delivery/test_action.py does exactly that against `provider: demo`.
#
# Exit codes of the scan step: 0 reports written (whatever the findings), 2 bad input or the
# scan could not start (no reports). The verdict step exits 1 for failures at/above fail-on,
# 3 for an incomplete scan when fail-on-incomplete is true, else 0 (a warning is shown).
set -euo pipefail

PROVIDERS="aws gcp azure terraform demo"
SEVERITIES="critical high medium low info none"

# Escape data for a workflow command (GitHub's rules: %, CR, LF).
_escape() {
  local s=$1
  s=${s//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "$s"
}

annotate() { # level message
  printf '::%s title=complyscan::%s\n' "$1" "$(_escape "$2")"
}

die() { # code message
  annotate error "$2"
  exit "$1"
}

set_output() { # name value (single line only)
  local name=$1 value=$2
  [[ $value != *$'\n'* && $value != *$'\r'* ]] || die 2 "refusing a multi-line value for output $name"
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    printf '%s=%s\n' "$name" "$value" >>"$GITHUB_OUTPUT"
  fi
}

one_of() { # value "allowed words"
  local v
  for v in $2; do [[ $1 == "$v" ]] && return 0; done
  return 1
}

bool_input() { # name value
  case "$2" in
    true | false) ;;
    *) die 2 "input $1 must be true or false, got '$2'" ;;
  esac
}

# Split comma/space/newline separated values into the array named by $1.
split_list() { # array-name value
  local -n _out=$1
  local raw=${2//[,$'\n'$'\r'$'\t']/ }
  read -r -a _out <<<"$raw" || true
}

validate() {
  PROVIDER=${INPUT_PROVIDER:-aws}
  PROVIDER=${PROVIDER,,}
  one_of "$PROVIDER" "$PROVIDERS" ||
    die 2 "unknown provider '$PROVIDER'; choose one of: ${PROVIDERS// /, }"
  FAIL_ON=${INPUT_FAIL_ON:-none}
  FAIL_ON=${FAIL_ON,,}
  one_of "$FAIL_ON" "$SEVERITIES" ||
    die 2 "unknown fail-on '$FAIL_ON'; choose one of: ${SEVERITIES// /, }"
  UPLOAD_SARIF=${INPUT_UPLOAD_SARIF:-true}
  bool_input upload-sarif "$UPLOAD_SARIF"
  FAIL_ON_INCOMPLETE=${INPUT_FAIL_ON_INCOMPLETE:-false}
  bool_input fail-on-incomplete "$FAIL_ON_INCOMPLETE"
  OUTPUT_DIR=${INPUT_OUTPUT_DIR:-complyscan-out}
  [[ $OUTPUT_DIR != *$'\n'* ]] || die 2 "output-dir must be a single path"
  split_list REGIONS "${INPUT_REGIONS:-}"
  split_list SCOPES "${INPUT_SCOPE:-}"
  split_list FRAMEWORKS "${INPUT_FRAMEWORKS:-}"
  split_list CHECKS "${INPUT_CHECKS:-}"
  split_list SEVERITY "${INPUT_SEVERITY:-}"
  CONFIG=${INPUT_CONFIG:-}
  if [[ -n $CONFIG && ! -f $CONFIG ]]; then
    die 2 "config file '$CONFIG' does not exist (did you run actions/checkout?)"
  fi
  PLAN=${INPUT_PLAN:-}
  SOURCE_DIR=${INPUT_SOURCE_DIR:-}
  CHANGED_ONLY=${INPUT_CHANGED_ONLY:-false}
  bool_input changed-only "$CHANGED_ONLY"
  if [[ $PROVIDER == terraform ]]; then
    [[ -n $PLAN ]] || die 2 "provider terraform needs plan: the output of \`terraform show -json tfplan > plan.json\`"
    [[ -f $PLAN ]] || die 2 "plan file '$PLAN' does not exist (run terraform plan and terraform show -json first)"
    [[ -z $SOURCE_DIR || -d $SOURCE_DIR ]] || die 2 "source-dir '$SOURCE_DIR' is not a directory"
  elif [[ -n $PLAN || -n $SOURCE_DIR || $CHANGED_ONLY == true ]]; then
    die 2 "plan, source-dir and changed-only apply to provider terraform only"
  fi
  if [[ $PROVIDER == aws && ${#SCOPES[@]} -gt 0 ]]; then
    die 2 "scope is for gcp (projects/P, folders/F, organizations/O) and azure (subscription ids); use regions for aws"
  fi
  if [[ $PROVIDER != aws && $PROVIDER != demo && ${#REGIONS[@]} -gt 0 ]]; then
    die 2 "regions applies to aws only; use scope for $PROVIDER"
  fi
}

install() {
  # A pre-installed complyscan (self-hosted runner image, tests) skips the install.
  VENV=${COMPLYSCAN_VENV:-${RUNNER_TEMP:?RUNNER_TEMP is not set}/complyscan-venv}
  BIN="$VENV/bin/complyscan"
  if [[ -x $BIN ]]; then
    echo "Using complyscan from $VENV"
    return
  fi
  local python=${PYTHON:-python3}
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die 2 "complyscan needs Python 3.11 or newer; '$python' is $("$python" -V 2>&1)"
  : "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
  echo "::group::Install complyscan from $GITHUB_ACTION_PATH"
  "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH" ||
    die 2 "pip could not install complyscan from $GITHUB_ACTION_PATH"
  echo "::endgroup::"
  "$BIN" --version
}

build_command() {
  local formats=json,sarif,markdown v
  if [[ $PROVIDER == demo ]]; then
    # The embedded simulated AWS account (moto, in-process): no cloud, no credentials.
    CMD=("$BIN" demo --output-dir "$OUTPUT_DIR" --format "$formats" --fail-on "$FAIL_ON")
    for v in "${FRAMEWORKS[@]}"; do CMD+=("--framework=$v"); done
    if [[ ${#REGIONS[@]} -gt 0 || ${#CHECKS[@]} -gt 0 || ${#SEVERITY[@]} -gt 0 ]]; then
      annotate warning "provider demo ignores regions, checks and severity"
    fi
    return
  fi
  CMD=("$BIN" scan --provider "$PROVIDER" --output-dir "$OUTPUT_DIR" --format "$formats"
    --fail-on "$FAIL_ON")
  if [[ $PROVIDER == terraform ]]; then
    CMD+=("--plan=$PLAN")
    if [[ -n $SOURCE_DIR ]]; then CMD+=("--source-dir=$SOURCE_DIR"); fi
    if [[ $CHANGED_ONLY == true ]]; then CMD+=(--changed-only); fi
  fi
  for v in "${REGIONS[@]}"; do CMD+=("--region=$v"); done
  if [[ $PROVIDER == azure ]]; then
    for v in "${SCOPES[@]}"; do CMD+=("--subscription=$v"); done
  else
    for v in "${SCOPES[@]}"; do CMD+=("--scope=$v"); done
  fi
  for v in "${FRAMEWORKS[@]}"; do CMD+=("--framework=$v"); done
  for v in "${CHECKS[@]}"; do CMD+=("--checks=$v"); done
  for v in "${SEVERITY[@]}"; do CMD+=("--severity=$v"); done
  if [[ -n $CONFIG ]]; then CMD+=("--config=$CONFIG"); fi
}

# Read what the action needs from the JSON report; prints shell-safe key=value lines.
read_report() { # report fail-on
  local python=${PYTHON:-python3}
  [[ -x "$VENV/bin/python" ]] && python="$VENV/bin/python"
  "$python" - "$1" "$2" <<'PY'
import hashlib, json, re, sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
fail_on = sys.argv[2]
order = ["info", "low", "medium", "high", "critical"]
scan, summary = report["scan"], report["summary"]
failed_by = summary["failed_by_severity"]
accounts = sorted(scan["accounts"])
if len(accounts) == 1:
    account = accounts[0]
elif accounts:
    digest = hashlib.sha256(",".join(accounts).encode()).hexdigest()[:12]
    account = f"{accounts[0]}-and-{len(accounts) - 1}-more-{digest}"
else:
    account = "unknown"
safe = lambda s: re.sub(r"[^A-Za-z0-9._-]+", "-", s).strip("-") or "unknown"
gate = 0
if fail_on != "none":
    gate = sum(failed_by.get(s, 0) for s in order[order.index(fail_on):])
print(f"R_PROVIDER={safe(scan['provider'])}")
print(f"R_ACCOUNT={safe(account)}")
print(f"R_FAILURES={sum(failed_by.values())}")
print(f"R_GATE={gate}")
print(f"R_COMPLETE={'true' if scan['complete'] else 'false'}")
print(f"R_ERRORS={summary['collection_errors']}")
PY
}

scan() {
  validate
  install
  build_command
  # Never mistake a previous run's reports (self-hosted runners) for this run's.
  rm -f "$OUTPUT_DIR/complyscan-report.json" "$OUTPUT_DIR/complyscan.sarif" \
    "$OUTPUT_DIR/complyscan-summary.md"
  echo "::group::complyscan ${CMD[*]:1}"
  # Cloud resource names end up in the log: stop them being read as workflow commands.
  local token rc
  token="complyscan-$RANDOM$RANDOM$RANDOM"
  echo "::stop-commands::$token"
  set +e
  "${CMD[@]}"
  rc=$?
  set -e
  echo "::$token::"
  echo "::endgroup::"

  local dir report sarif summary_md
  dir=$(cd "$OUTPUT_DIR" 2>/dev/null && pwd) || dir=""
  report="$dir/complyscan-report.json"
  sarif="$dir/complyscan.sarif"
  summary_md="$dir/complyscan-summary.md"
  set_output exit-code "$rc"
  if [[ $rc -eq 2 || -z $dir || ! -f $report ]]; then
    set_output failed true
    die 2 "complyscan could not scan (exit $rc): see the error above. Usage, configuration or credentials problem; for credentials, run aws-actions/configure-aws-credentials, google-github-actions/auth or azure/login before this action."
  fi

  local facts key value R_PROVIDER="" R_ACCOUNT="" R_FAILURES=0 R_GATE=0 R_COMPLETE=false R_ERRORS=0
  facts=$(read_report "$report" "$FAIL_ON") || die 2 "cannot read $report"
  while IFS='=' read -r key value; do
    case $key in
      R_PROVIDER) R_PROVIDER=$value ;;
      R_ACCOUNT) R_ACCOUNT=$value ;;
      R_FAILURES) R_FAILURES=$value ;;
      R_GATE) R_GATE=$value ;;
      R_COMPLETE) R_COMPLETE=$value ;;
      R_ERRORS) R_ERRORS=$value ;;
    esac
  done <<<"$facts"
  local category="complyscan-$R_PROVIDER-$R_ACCOUNT"
  # The verdict step exits with this after the uploads: 1 failures at/above fail-on (even in
  # an incomplete scan: what was seen failing stays failing), 3 incomplete if asked, else 0.
  local failed=false verdict=0
  if [[ $R_GATE -gt 0 ]]; then
    failed=true verdict=1
  elif [[ $R_COMPLETE == false && $FAIL_ON_INCOMPLETE == true ]]; then
    failed=true verdict=3
  fi

  if [[ -n ${GITHUB_STEP_SUMMARY:-} && -f $summary_md ]]; then
    cat "$summary_md" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [[ $R_COMPLETE == false ]]; then
    annotate warning "scan incomplete: $R_ERRORS collection error(s); affected checks are UNKNOWN. Reports are still uploaded. Grant the permissions named in the summary (complyscan permissions aws)."
  fi
  if [[ $R_GATE -gt 0 ]]; then
    annotate error "$R_GATE unsuppressed failure(s) at or above '$FAIL_ON' in $R_PROVIDER account $R_ACCOUNT"
  elif [[ $R_FAILURES -gt 0 ]]; then
    annotate notice "$R_FAILURES failing finding(s) in $R_PROVIDER account $R_ACCOUNT (fail-on: $FAIL_ON)"
  fi

  set_output failed "$failed"
  set_output verdict "$verdict"
  set_output failures "$R_FAILURES"
  set_output complete "$R_COMPLETE"
  set_output account "$R_ACCOUNT"
  set_output category "$category"
  set_output output-dir "$dir"
  set_output report-path "$report"
  set_output summary-path "$summary_md"
  if [[ -f $sarif ]]; then set_output sarif-path "$sarif"; fi
  set_output artifact-name "${INPUT_ARTIFACT_NAME:-$category}"
  echo "complyscan exit code $rc; failed=$failed; reports in $dir"
}

verdict() {
  case "${SCAN_VERDICT:-}" in
    0) exit 0 ;;
    1) die 1 "failing findings at or above fail-on (complyscan exit ${SCAN_EXIT_CODE:-?}); see the job summary" ;;
    3) die 3 "scan incomplete and fail-on-incomplete is true (complyscan exit 3)" ;;
    *) die 2 "no verdict from the scan step" ;;
  esac
}

case "${1:-}" in
  scan) scan ;;
  verdict) verdict ;;
  *)
    echo "usage: $0 scan|verdict" >&2
    exit 2
    ;;
esac
