#!/usr/bin/env bash
# The city-scale benchmark of issue #6, in one command:
#
#   scripts/bench.sh [--dir DIR] [--sizes "10 100 1000"] [--cases 100] [--runs 3] [--edits 5] [--no-hugo] [--no-serve]
#   (or the same through cargo: cargo xtask bench -- [ARGS])
#
# Builds gongshi in release, generates synthetic cities (cargo xtask gen-city,
# N compounds × 100 cases), then measures:
#   - full builds (wall time, CPU time and peak RSS, median of --runs) at
#     every size with output on tmpfs (/dev/shm), and on disk (DIR) at 100;
#   - Hugo on the same case Markdown files with bare single/list templates, in
#     the same run, at 100 compounds (or the middle size), and Hugo ÷ gongshi;
#   - edit-to-served-page latency through `gongshi serve` (median of --edits);
# and prints a Markdown table (also written to DIR/results.md).
#
# Never a timed test in CI: CI runs gen-city and a build at a tiny size
# (xtask/tests/city.rs, in `cargo test --workspace`) so that this script keeps working.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DIR=/var/tmp/gongshi-bench
SHM=/dev/shm/gongshi-bench
SIZES="10 100 1000"
CASES=100
RUNS=3
EDITS=5
HUGO=1
SERVE=1
AS_OF=2026-11-27
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --edits) EDITS=$2; shift 2 ;;
    --no-hugo) HUGO=0; shift ;;
    --no-serve) SERVE=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
# The size compared with Hugo and used for serve: 100 when measured, else the middle one.
read -r -a SIZE_LIST <<<"$SIZES"
MAIN=${SIZE_LIST[$(( ${#SIZE_LIST[@]} / 2 ))]}
for s in "${SIZE_LIST[@]}"; do [ "$s" = 100 ] && MAIN=100; done

# --- tools -------------------------------------------------------------------
need=()
[ -x /usr/bin/time ] || need+=(time)
[ "$HUGO" = 0 ] || command -v hugo >/dev/null 2>&1 || need+=(hugo)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing ${need[*]} …" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "building gongshi and xtask (release) …" >&2
cargo build --release --locked --quiet --package gongshi --package xtask
BIN=$ROOT/target/release/gongshi
XTASK=$ROOT/target/release/xtask
mkdir -p "$DIR" "$SHM"
LOG=$DIR/log
: >"$LOG"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# --- helpers -----------------------------------------------------------------
# `measure OUTVAR cmd…`: runs cmd once under GNU time; OUTVAR gets
# "wall-seconds peak-KB cpu-seconds" (CPU = user + system, all threads).
measure() {
  local __var=$1; shift
  local t
  t=$(mktemp)
  if ! /usr/bin/time -f '%e %M %U %S' -o "$t" "$@" >>"$LOG" 2>&1; then
    echo "failed: $* (see $LOG)" >&2
    tail -20 "$LOG" >&2
    exit 1
  fi
  printf -v "$__var" '%s' "$(tail -1 "$t" | awk '{printf "%s %s %.2f", $1, $2, $3 + $4}')"
  rm -f "$t"
}

median() { # numbers on stdin → the median
  sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# `runs OUT_T OUT_M OUT_C setup-fn cmd…`: medians of $RUNS runs of wall
# seconds, peak RSS (MB) and CPU seconds; setup-fn runs before each.
runs() {
  local __t=$1 __m=$2 __c=$3 setup=$4; shift 4
  local ts=() ms=() cs=() r a b c
  for _ in $(seq "$RUNS"); do
    $setup
    measure r "$@"
    read -r a b c <<<"$r"
    ts+=("$a"); ms+=("$b"); cs+=("$c")
  done
  printf -v "$__t" '%s' "$(printf '%s\n' "${ts[@]}" | median)"
  printf -v "$__m" '%s' "$(printf '%s\n' "${ms[@]}" | median | awk '{printf "%.0f", $1/1024}')"
  printf -v "$__c" '%s' "$(printf '%s\n' "${cs[@]}" | median)"
}

city() { echo "$DIR/city-$1x$CASES"; }

# A full build each time: the previous output and its state folder go first.
OUT=""
clean_out() { rm -rf "$OUT" "$(dirname "$OUT")/.$(basename "$OUT").gongshi"; }

# --- cities ------------------------------------------------------------------
for n in "${SIZE_LIST[@]}"; do
  c=$(city "$n")
  stamp="gen-city --compounds $n --cases $CASES --seed 1 --as-of $AS_OF $(sha1sum "$XTASK" | cut -c1-12)"
  if [ -f "$c/.stamp" ] && [ "$(cat "$c/.stamp")" = "$stamp" ]; then
    continue
  fi
  rm -rf "$c"
  echo "generating $n compounds × $CASES cases …" >&2
  "$XTASK" gen-city --out "$c" --compounds "$n" --cases "$CASES" --seed 1 --as-of "$AS_OF" 2>>"$LOG"
  echo "$stamp" >"$c/.stamp"
done

# --- gongshi: full builds ----------------------------------------------------
declare -A T_SHM M_SHM C_SHM T_DISK M_DISK PAGES FILES MD
for n in "${SIZE_LIST[@]}"; do
  c=$(city "$n")
  MD[$n]=$(find "$c/content" -name '*.md' | wc -l)
  echo "gongshi build, $n compounds, tmpfs …" >&2
  OUT=$SHM/out-$n
  runs t m cpu clean_out "$BIN" build --root "$c" --out "$OUT" --as-of "$AS_OF"
  T_SHM[$n]=$t; M_SHM[$n]=$m; C_SHM[$n]=$cpu
  PAGES[$n]=$(find "$OUT" -name '*.html' | wc -l)
  FILES[$n]=$(find "$OUT" -type f | wc -l)
  clean_out
  # On disk too at the size compared with Hugo (the issue's 100 compounds).
  if [ "$n" = "$MAIN" ]; then
    echo "gongshi build, $n compounds, disk …" >&2
    OUT=$DIR/out-$n
    runs t m cpu clean_out "$BIN" build --root "$c" --out "$OUT" --as-of "$AS_OF"
    T_DISK[$n]=$t; M_DISK[$n]=$m
    clean_out
  fi
done

# --- Hugo on the same Markdown files ------------------------------------------
HUGO_T=""; HUGO_M=""; HUGO_C=""; HUGO_PAGES=""
if [ "$HUGO" = 1 ]; then
  h=$DIR/hugo-$MAIN
  rm -rf "$h"
  mkdir -p "$h/content" "$h/layouts/_default"
  # The very case files gongshi reads, front matter and all (Hugo keeps
  # unknown keys as params and needs no date). gongshi builds more from the
  # same folder (meetings, notices, rosters, kiosks, feeds): Hugo's share
  # of the work is the smaller one.
  (cd "$(city "$MAIN")/content" && find . -path '*/cases/*.md' -exec cp --parents -t "$h/content" {} +)
  cat >"$h/hugo.toml" <<'EOF'
baseURL = "https://gongshi.example.cn/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
  echo '<!doctype html><meta charset="utf-8"><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}' >"$h/layouts/_default/single.html"
  echo '<!doctype html><meta charset="utf-8"><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>' >"$h/layouts/_default/list.html"
  echo "hugo, $MAIN compounds, tmpfs …" >&2
  OUT=$SHM/hugo-out
  runs HUGO_T HUGO_M HUGO_C clean_out hugo --quiet --source "$h" --destination "$OUT" --buildFuture --buildExpired --noTimes
  HUGO_PAGES=$(find "$OUT" -name '*.html' | wc -l)
  clean_out
fi

# --- edit → served page through `gongshi serve` ------------------------------
LAT=""
if [ "$SERVE" = 1 ]; then
  if ! "$BIN" serve --help >/dev/null 2>&1; then
    LAT="serve not available"
  else
    c=$(city "$MAIN")
    OUT=$SHM/serve-$MAIN
    clean_out
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "gongshi serve, $MAIN compounds, $EDITS edits …" >&2
    "$BIN" serve --root "$c" --out "$OUT" --as-of "$AS_OF" --port "$PORT" >>"$LOG" 2>&1 &
    SERVE_PID=$!
    trap 'kill "$SERVE_PID" 2>/dev/null || true' EXIT
    LAT=$(python3 - "$c/content" "$PORT" "$EDITS" <<'EOF'
import os, sys, time, glob, statistics, urllib.request
content, port, edits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}/"

def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return None

deadline = time.time() + 600
while get("") is None:
    if time.time() > deadline:
        sys.exit("serve did not come up")
    time.sleep(0.1)
time.sleep(1.5)
case = sorted(glob.glob(os.path.join(content, "*", "*", "cases", "*.md")))[len(glob.glob(os.path.join(content, "*", "*", "cases", "*.md"))) // 2]
rel = os.path.relpath(case, content).split(os.sep)
page = f"{rel[0]}/{rel[1]}/cases/{rel[3][:-3]}/"
original = open(case, "rb").read()
times = []
try:
    for i in range(edits):
        mark = f"（基准测试第{i + 1}次修改，{time.time_ns() % 1000000}号记录）"
        t0 = time.perf_counter()
        with open(case, "wb") as f:
            f.write(original + f"\n{mark}\n".encode())
        while True:
            body = get(page)
            if body is not None and mark in body:
                break
            if time.perf_counter() - t0 > 60:
                sys.exit("edit never reached the page")
            time.sleep(0.002)
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(1.0)
finally:
    with open(case, "wb") as f:
        f.write(original)
print(f"{statistics.median(times):.0f} ms (runs: {', '.join(f'{t:.0f}' for t in times)})")
EOF
) || LAT="failed (see $LOG)"
    kill "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
    trap - EXIT
    clean_out
  fi
fi

# --- report ------------------------------------------------------------------
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "## gongshi benchmark — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -h | awk '/Mem:/ {print $2}') RAM; $("$BIN" --version), $(hugo version 2>/dev/null | cut -d' ' -f1-2 || echo 'no hugo')."
  echo "Each figure is the median of $RUNS full builds (output removed before each); $CASES cases per compound; load average (1/5/15 min) at start $LOAD0, at end $LOAD1 — other processes inflate wall times, CPU times less so."
  echo
  echo "| compounds | .md files | pages (.html) | files | wall, tmpfs | CPU | peak RSS | wall, disk | peak RSS | µs / page | KB RSS / page |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${SIZE_LIST[@]}"; do
    per=$(awk -v t="${T_SHM[$n]}" -v p="${PAGES[$n]}" 'BEGIN {printf "%.0f", t * 1000000 / p}')
    kb=$(awk -v m="${M_SHM[$n]}" -v p="${PAGES[$n]}" 'BEGIN {printf "%.1f", m * 1024 / p}')
    disk="–"; dm="–"
    [ -n "${T_DISK[$n]:-}" ] && disk="${T_DISK[$n]} s" && dm="${M_DISK[$n]} MB"
    echo "| $n | ${MD[$n]} | ${PAGES[$n]} | ${FILES[$n]} | ${T_SHM[$n]} s | ${C_SHM[$n]} s | ${M_SHM[$n]} MB | $disk | $dm | $per | $kb |"
  done
  echo
  if [ "$HUGO" = 1 ]; then
    ratio=$(awk -v h="$HUGO_T" -v g="${T_SHM[$MAIN]}" 'BEGIN {printf "%.2f", h / g}')
    cratio=$(awk -v h="$HUGO_C" -v g="${C_SHM[$MAIN]}" 'BEGIN {printf "%.2f", h / g}')
    echo "| $MAIN compounds, the same case files | wall (tmpfs) | CPU | peak RSS | pages |"
    echo "|---|---:|---:|---:|---:|"
    echo "| Hugo, bare single/list templates | $HUGO_T s | $HUGO_C s | $HUGO_M MB | $HUGO_PAGES |"
    echo "| gongshi, full theme | ${T_SHM[$MAIN]} s | ${C_SHM[$MAIN]} s | ${M_SHM[$MAIN]} MB | ${PAGES[$MAIN]} |"
    echo "| **Hugo ÷ gongshi** | **$ratio×** | $cratio× | | |"
    echo
  fi
  if [ "$SERVE" = 1 ]; then
    echo "Edit → served page through \`gongshi serve\` ($MAIN compounds, median of $EDITS edits): $LAT"
    echo
  fi
  echo "Command: \`scripts/bench.sh --sizes \"$SIZES\" --cases $CASES --runs $RUNS\`"
} | tee "$DIR/results.md"
