#!/usr/bin/env bash
# The city-scale benchmark of issues #6 and #16, in one command:
#
#   scripts/bench.sh [--dir DIR] [--sizes "100 1000"] [--cases 100] [--runs 3] [--edits 5]
#                    [--no-hugo] [--no-serve] [--disk]
#   (or the same through cargo: cargo xtask bench -- [ARGS])
#
# Builds gongshi and xtask in release, generates synthetic cities (cargo xtask
# gen-city, N compounds × --cases cases), then at every size, output on tmpfs:
#   - gongshi builds, median of --runs: cold (no output, no state), warm (the
#     same build again, nothing changed) and one-edit (one case file changed,
#     a fresh `gongshi build`), each with wall time, CPU time and peak RSS;
#     output files and bytes per compound;
#   - the floor in the same run (cargo xtask floor): read every input file,
#     then write the same number and sizes of files as gongshi's output;
#   - Hugo on the same case files, bare templates (--no-hugo skips it);
#   - `gongshi serve`: start-up (cold and warm), idle and peak RSS, and edit →
#     served page, median of --edits (--no-serve skips it);
#   - with --disk, a cold build with the output on disk (DIR) too;
# and prints Markdown tables (also written to DIR/results.md).
#
# Never a timed test in CI: CI runs gen-city and a build at a tiny size
# (xtask/tests/city.rs) so that this script keeps working, and the memory
# budget at 300 compounds (xtask/tests/memory.rs, slow tier).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DIR=/var/tmp/gongshi-bench
SIZES="100 1000"
CASES=100
RUNS=3
EDITS=5
HUGO=1
SERVE=1
DISK=0
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
    --disk) DISK=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
read -r -a SIZE_LIST <<<"$SIZES"
# Outputs go to tmpfs, in a folder named after DIR's (two benchmarks with
# different --dir do not share one).
SHM=/dev/shm/$(basename "$DIR")

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
med() { printf '%s\n' "$@" | median; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; } # KB → MB
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN {if (b == 0) print "–"; else printf f, a / b}'; }
thousands() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }

city() { echo "$DIR/city-$1x$CASES"; }

# A cold build each time: the previous output and its state folder go first.
OUT=""
clean_out() { rm -rf "$OUT" "$(dirname "$OUT")/.$(basename "$OUT").gongshi"; }
# Whatever happens, the edited case file gets its text back.
EDITED=""; BACKUP=""
restore() { if [ -n "$EDITED" ]; then cp "$BACKUP" "$EDITED"; EDITED=""; fi; }
trap restore EXIT

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

# The case file edited by the one-edit builds and by serve: the middle one.
edit_case() { find "$(city "$1")/content" -path '*/cases/*.md' | sort | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
# Its page: content/<community>/<compound>/cases/<id>.md → <community>/<compound>/cases/<id>/index.html
case_page() { local rel=${1#"$(city "$2")/content/"}; echo "${rel%.md}/index.html"; }

declare -A MD FILES BYTES PAGES
declare -A COLD_T COLD_C COLD_M WARM_T WARM_C WARM_M EDIT_T EDIT_C EDIT_M DISK_T DISK_M
declare -A FLOOR_R FLOOR_W FLOOR_T
declare -A HUGO_T HUGO_C HUGO_M HUGO_PAGES
declare -A SV_UP SV_UP2 SV_IDLE SV_AFTER SV_PEAK SV_LAT

for n in "${SIZE_LIST[@]}"; do
  c=$(city "$n")
  MD[$n]=$(find "$c/content" -name '*.md' | wc -l)
  case_file=$(edit_case "$n")
  page=$(case_page "$case_file" "$n")
  BACKUP=$DIR/edit-backup.md
  cp "$case_file" "$BACKUP"

  # --- gongshi: cold, warm, one-edit -----------------------------------------
  echo "gongshi build, $n compounds: cold, warm, one-edit × $RUNS …" >&2
  OUT=$SHM/out-$n
  ct=(); cc=(); cm=(); wt=(); wc_=(); wm=(); et=(); ec=(); em=()
  for r in $(seq "$RUNS"); do
    clean_out
    measure x "$BIN" build --root "$c" --out "$OUT" --as-of "$AS_OF"
    read -r a b d <<<"$x"; ct+=("$a"); cm+=("$b"); cc+=("$d")
    if [ "$r" = 1 ]; then
      PAGES[$n]=$(find "$OUT" -name '*.html' | wc -l)
      FILES[$n]=$(find "$OUT" -type f | wc -l)
      BYTES[$n]=$(find "$OUT" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f", s}')
    fi
    measure x "$BIN" build --root "$c" --out "$OUT" --as-of "$AS_OF"
    read -r a b d <<<"$x"; wt+=("$a"); wm+=("$b"); wc_+=("$d")
    mark="基准测试单次修改第${r}次，记录$(date +%s%N)"
    EDITED=$case_file
    printf '\n%s\n' "$mark" >>"$case_file"
    measure x "$BIN" build --root "$c" --out "$OUT" --as-of "$AS_OF"
    read -r a b d <<<"$x"; et+=("$a"); em+=("$b"); ec+=("$d")
    restore
    if ! grep -qF "$mark" "$OUT/$page"; then
      echo "the one-edit build did not change $OUT/$page" >&2
      exit 1
    fi
  done
  COLD_T[$n]=$(med "${ct[@]}"); COLD_C[$n]=$(med "${cc[@]}"); COLD_M[$n]=$(mb "$(med "${cm[@]}")")
  WARM_T[$n]=$(med "${wt[@]}"); WARM_C[$n]=$(med "${wc_[@]}"); WARM_M[$n]=$(mb "$(med "${wm[@]}")")
  EDIT_T[$n]=$(med "${et[@]}"); EDIT_C[$n]=$(med "${ec[@]}"); EDIT_M[$n]=$(mb "$(med "${em[@]}")")

  # --- the floor: read every input, write the same files ---------------------
  echo "floor, $n compounds × $RUNS …" >&2
  fr=(); fw=(); ft=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$SHM/floor-$n"
    line=$("$XTASK" floor --read "$c/content" --like "$OUT" --write "$SHM/floor-$n" 2>>"$LOG")
    rs=$(sed -n 's/.*read_s=\([0-9.]*\).*/\1/p' <<<"$line")
    ws=$(sed -n 's/.*write_s=\([0-9.]*\).*/\1/p' <<<"$line")
    fr+=("$rs"); fw+=("$ws"); ft+=("$(awk -v a="$rs" -v b="$ws" 'BEGIN {printf "%.3f", a + b}')")
  done
  FLOOR_R[$n]=$(med "${fr[@]}"); FLOOR_W[$n]=$(med "${fw[@]}"); FLOOR_T[$n]=$(med "${ft[@]}")
  clean_out

  if [ "$DISK" = 1 ]; then
    echo "gongshi build, $n compounds, disk × $RUNS …" >&2
    OUT=$DIR/out-$n
    dt=(); dm=()
    for _ in $(seq "$RUNS"); do
      clean_out
      measure x "$BIN" build --root "$c" --out "$OUT" --as-of "$AS_OF"
      read -r a b d <<<"$x"; dt+=("$a"); dm+=("$b")
    done
    DISK_T[$n]=$(med "${dt[@]}"); DISK_M[$n]=$(mb "$(med "${dm[@]}")")
    clean_out
  fi

  # --- Hugo on the same case files --------------------------------------------
  if [ "$HUGO" = 1 ]; then
    h=$DIR/hugo-$n
    rm -rf "$h"
    mkdir -p "$h/content" "$h/layouts/_default"
    # The very case files gongshi reads, front matter and all (Hugo keeps
    # unknown keys as params and needs no date). gongshi builds more from the
    # same folder (meetings, notices, rosters, kiosks, feeds): Hugo's share
    # of the work is the smaller one.
    (cd "$c/content" && find . -path '*/cases/*.md' -exec cp --parents -t "$h/content" {} +)
    cat >"$h/hugo.toml" <<'EOF'
baseURL = "https://gongshi.example.cn/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
    echo '<!doctype html><meta charset="utf-8"><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}' >"$h/layouts/_default/single.html"
    echo '<!doctype html><meta charset="utf-8"><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>' >"$h/layouts/_default/list.html"
    echo "hugo, $n compounds × $RUNS …" >&2
    OUT=$SHM/hugo-out
    ht=(); hc=(); hm=()
    for _ in $(seq "$RUNS"); do
      clean_out
      measure x hugo --quiet --source "$h" --destination "$OUT" --buildFuture --buildExpired --noTimes
      read -r a b d <<<"$x"; ht+=("$a"); hm+=("$b"); hc+=("$d")
    done
    HUGO_T[$n]=$(med "${ht[@]}"); HUGO_C[$n]=$(med "${hc[@]}"); HUGO_M[$n]=$(mb "$(med "${hm[@]}")")
    HUGO_PAGES[$n]=$(find "$OUT" -name '*.html' | wc -l)
    clean_out
  fi

  # --- gongshi serve: start-up, memory, edit → served page ---------------------
  if [ "$SERVE" = 1 ]; then
    OUT=$SHM/serve-$n
    clean_out
    echo "gongshi serve, $n compounds: start-up, $EDITS edits, restart …" >&2
    EDITED=$case_file
    line=$(python3 - "$BIN" "$c" "$OUT" "$AS_OF" "$case_file" "${page%index.html}" "$EDITS" "$LOG" <<'EOF'
# Starts `gongshi serve` (output removed: a cold start), waits until it has
# announced its address (printed after the first build) and serves "/",
# reads its memory from /proc, times edits of one case file until the page
# is served with the new sentence, stops it, and starts it again on the
# output and state it left (a warm start).
import os, signal, socket, statistics, subprocess, sys, time, urllib.request

binary, root, out, as_of, case, page, edits, log = sys.argv[1:9]
edits = int(edits)

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return None

def proc_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0

def start():
    port = free_port()
    err = open(log + ".serve", "w")
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--root", root, "--out", out, "--as-of", as_of, "--port", str(port)],
                         stdout=err, stderr=subprocess.STDOUT)
    procs.append(p)
    announced, said, seen = f":{port}/", False, ""
    with open(log + ".serve", encoding="utf-8", errors="replace") as f:
        while True:
            if p.poll() is not None:
                sys.exit(f"serve exited with {p.returncode} (see {log}.serve)")
            if not said:
                # Read on from where we were: the log can be megabytes of warnings.
                seen = seen[-64:] + f.read()
                said = announced in seen
            if said and get(port, "") is not None:
                return p, port, time.perf_counter() - t0
            if time.perf_counter() - t0 > 900:
                sys.exit("serve did not come up in 15 minutes")
            time.sleep(0.02)

def stop(p):
    p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill(); p.wait()
    with open(log + ".serve", encoding="utf-8", errors="replace") as f, open(log, "a") as l:
        l.write(f.read())

def measure():
    p, port, up = start()
    time.sleep(2.0)
    idle = proc_kb(p.pid, "VmRSS")
    original = open(case, "rb").read()
    times = []
    try:
        for i in range(edits):
            mark = f"（基准测试第{i + 1}次修改，{time.time_ns() % 1000000}号记录）"
            t0 = time.perf_counter()
            with open(case, "wb") as f:
                f.write(original + f"\n{mark}\n".encode())
            while True:
                body = get(port, page)
                if body is not None and mark in body:
                    break
                if time.perf_counter() - t0 > 120:
                    sys.exit("an edit never reached the served page")
                time.sleep(0.002)
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(1.0)
    finally:
        with open(case, "wb") as f:
            f.write(original)
    time.sleep(2.0)
    after = proc_kb(p.pid, "VmRSS")
    peak = proc_kb(p.pid, "VmHWM")
    stop(p)
    p, port, up2 = start()
    stop(p)
    lat = f"{statistics.median(times):.0f}" if times else "–"
    runs = "/".join(f"{t:.0f}" for t in times) or "–"
    print(f"up={up:.2f} up2={up2:.2f} idle={idle} after={after} peak={peak} lat={lat} runs={runs}")

procs = []
try:
    measure()
finally:
    for q in procs:
        if q.poll() is None:
            q.kill()
EOF
) || { echo "serve measurement failed (see $LOG)" >&2; exit 1; }
    EDITED=""
    kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
    SV_UP[$n]=$(kv up); SV_UP2[$n]=$(kv up2)
    SV_IDLE[$n]=$(mb "$(kv idle)"); SV_AFTER[$n]=$(mb "$(kv after)"); SV_PEAK[$n]=$(mb "$(kv peak)")
    SV_LAT[$n]="$(kv lat) ms ($(kv runs | sed 's#/#, #g'))"
    clean_out
  fi
  rm -f "$BACKUP"
done

# --- report ------------------------------------------------------------------
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
LAST=${SIZE_LIST[-1]}
{
  echo "## gongshi benchmark — $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -h | awk '/Mem:/ {print $2}') RAM; $("$BIN" --version), $(hugo version 2>/dev/null | cut -d' ' -f1-2 || echo 'no hugo')."
  echo "$CASES cases per compound; every figure is the median of $RUNS runs, output on tmpfs; load average (1/5/15 min) at start $LOAD0, at end $LOAD1 — other processes inflate wall times, CPU times (user + system) less so."
  echo
  echo "**gongshi build.** Cold: no output and no state folder. Warm: the same build again, nothing changed. One edit: one case file changed, a fresh \`gongshi build\`."
  echo
  echo "| compounds | .md files | files out | pages | bytes / compound | files / compound | cold wall | cold CPU | cold peak RSS | warm wall | warm CPU | warm RSS | one-edit wall | one-edit CPU | one-edit RSS |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${SIZE_LIST[@]}"; do
    echo "| $n | $(thousands "${MD[$n]}") | $(thousands "${FILES[$n]}") | $(thousands "${PAGES[$n]}") | $(div "${BYTES[$n]}" "$((n * 1000))" "%.0f KB") | $(div "${FILES[$n]}" "$n" "%.0f") | ${COLD_T[$n]} s | ${COLD_C[$n]} s | ${COLD_M[$n]} MB | ${WARM_T[$n]} s | ${WARM_C[$n]} s | ${WARM_M[$n]} MB | ${EDIT_T[$n]} s | ${EDIT_C[$n]} s | ${EDIT_M[$n]} MB |"
  done
  echo
  echo "**Against the floor and Hugo.** Floor: \`cargo xtask floor\` reads every input file, then writes the same number and sizes of files as gongshi's output, on every core. Hugo: the same case files under bare single/list templates (gongshi builds far more from the same folder)."
  echo
  echo "| compounds | floor: read | floor: write | floor | gongshi cold | **gongshi ÷ floor** | Hugo wall | Hugo CPU | Hugo peak RSS | Hugo pages | **Hugo ÷ gongshi** |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${SIZE_LIST[@]}"; do
    if [ "$HUGO" = 1 ]; then
      hugo_cells="${HUGO_T[$n]} s | ${HUGO_C[$n]} s | ${HUGO_M[$n]} MB | $(thousands "${HUGO_PAGES[$n]}") | **$(div "${HUGO_T[$n]}" "${COLD_T[$n]}" '%.2f×')**"
    else
      hugo_cells="– | – | – | – | –"
    fi
    echo "| $n | ${FLOOR_R[$n]} s | ${FLOOR_W[$n]} s | ${FLOOR_T[$n]} s | ${COLD_T[$n]} s | **$(div "${COLD_T[$n]}" "${FLOOR_T[$n]}" '%.2f×')** | $hugo_cells |"
  done
  echo
  if [ "$DISK" = 1 ]; then
    echo "| compounds | cold wall, output on disk ($DIR) | peak RSS |"
    echo "|---:|---:|---:|"
    for n in "${SIZE_LIST[@]}"; do echo "| $n | ${DISK_T[$n]} s | ${DISK_M[$n]} MB |"; done
    echo
  fi
  if [ "$SERVE" = 1 ]; then
    echo "**gongshi serve.** Start-up: from launch until it has announced its address (after the first build) and serves \`/\`; cold with no output, warm on the output and state a previous serve left. RSS read from /proc: idle 2 s after start-up, after the edits, and the peak (VmHWM). Edit → served: a case file rewritten with a new sentence until its page is served with it, median of $EDITS edits one second apart."
    echo
    echo "| compounds | start-up, cold | start-up, warm | idle RSS | RSS after edits | peak RSS | edit → served page, median (each) |"
    echo "|---:|---:|---:|---:|---:|---:|---|"
    for n in "${SIZE_LIST[@]}"; do
      echo "| $n | ${SV_UP[$n]} s | ${SV_UP2[$n]} s | ${SV_IDLE[$n]} MB | ${SV_AFTER[$n]} MB | ${SV_PEAK[$n]} MB | ${SV_LAT[$n]} |"
    done
    echo
  fi
  # Issue 16's targets, at 1,000 compounds (or the largest size measured).
  yes_no() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || a == "–") print "–"; else if (a + 0 <= b + 0) print "yes"; else print "**no**"}'; }
  at_least() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || a == "–") print "–"; else if (a + 0 >= b + 0) print "yes"; else print "**no**"}'; }
  echo "**Targets of issue 16** (set for 1,000 compounds; here at $LAST):"
  echo
  echo "| target | measured | met? |"
  echo "|---|---:|---|"
  r=$(div "${COLD_T[$LAST]}" "${FLOOR_T[$LAST]}")
  echo "| cold build ≤ 2× the floor | ${r}× | $(yes_no "$r" 2) |"
  if [ "$HUGO" = 1 ]; then
    for n in "${SIZE_LIST[@]}"; do
      r=$(div "${HUGO_T[$n]}" "${COLD_T[$n]}")
      echo "| ≥ 3× faster than Hugo at $n | ${r}× | $(at_least "$r" 3) |"
    done
  fi
  echo "| peak RSS ≤ 512 MB | ${COLD_M[$LAST]} MB | $(yes_no "${COLD_M[$LAST]}" 512) |"
  echo "| one-edit \`gongshi build\` ≤ 1 s | ${EDIT_T[$LAST]} s | $(yes_no "${EDIT_T[$LAST]}" 1) |"
  if [ "$SERVE" = 1 ]; then
    lat=${SV_LAT[$LAST]%% ms*}
    echo "| edit → served page ≤ 100 ms | $lat ms | $(yes_no "$lat" 100) |"
    echo "| \`serve\` start-up ≤ 10 s (cold) | ${SV_UP[$LAST]} s | $(yes_no "${SV_UP[$LAST]}" 10) |"
    echo "| \`serve\` idle RSS ≤ 512 MB (after the edits) | ${SV_AFTER[$LAST]} MB | $(yes_no "${SV_AFTER[$LAST]}" 512) |"
  fi
  echo
  echo "Command: \`scripts/bench.sh --sizes \"$SIZES\" --cases $CASES --runs $RUNS --edits $EDITS$([ "$HUGO" = 1 ] || echo ' --no-hugo')$([ "$SERVE" = 1 ] || echo ' --no-serve')$([ "$DISK" = 0 ] || echo ' --disk')\`"
} | tee "$DIR/results.md"
