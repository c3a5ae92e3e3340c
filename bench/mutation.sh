#!/usr/bin/env bash
# Mutation testing of the AWS checks with mutmut 2. Slow (one pytest process per mutant):
# not part of CI. See docs/testing.md, "Mutation testing of the AWS checks".
#
# Usage: bench/mutation.sh [checks/x/y.py ...]    (default: every AWS check module + _common.py)
# Env:   MUTATION_WORKDIR  where the scratch copy lives (default: a new mktemp -d); reusing one
#                          resumes from mutmut's cache there.
#        PYTHON            the interpreter with complyscan's dev extras (default: python)
# Output: the per-module table and every survivor's diff, on stdout and in
#         $MUTATION_WORKDIR/mutation-report.md.
#
# mutmut rewrites the files it mutates in place, so it runs in a scratch copy of the tracked
# and untracked-but-not-ignored files; the checkout you work in is never touched.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="${PYTHON:-python}"
work="${MUTATION_WORKDIR:-$(mktemp -d -t complyscan-mutation.XXXXXX)}"
mkdir -p "$work"
(cd "$repo" && git ls-files -co --exclude-standard -z) | (cd "$repo" && xargs -0 cp --parents -t "$work")
cp "$repo/bench/mutmut_config.py" "$work/mutmut_config.py"
cd "$work"
if [ "$#" -gt 0 ]; then
  paths="$(IFS=,; echo "$*")"
else
  paths="$("$py" -m bench.mutation modules | paste -sd, -)"
fi
echo "mutating in $work: $paths" >&2
# the baseline (unmutated) run uses the whole check suite; each mutant then runs only the
# tests mutmut_config.pre_mutation picks for its module. mutmut 2 counts only exit status 1 as
# "killed" and pytest exits 2 on a collection error (a mutant that breaks an import), hence
# "|| exit 1".
"$py" -m mutmut run --paths-to-mutate "$paths" --tests-dir tests/checks \
  --runner "sh -c '$py -m pytest -x -q --noconftest -p no:randomly -p no:cacheprovider -p no:xdist -p no:hypothesispytest tests/checks || exit 1'" \
  --no-progress --simple-output >mutmut-run.log 2>&1 || true
tail -n 3 mutmut-run.log >&2
"$py" -m bench.mutation report .mutmut-cache | tee mutation-report.md
