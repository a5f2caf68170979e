#!/usr/bin/env bash
# What shipping a candidate emotion model would change, measured as the model card's figures are,
# the candidate beside the shipped model (models/emotion.tflite), into OUT/:
#   scripts/measure_candidate.sh CANDIDATE.tflite OUT [speed|startup|calibration|all]
#   speed        benchmarks/bench_inference.py on one core, candidate and shipped interleaved twice
#                (bench.txt). Run it with nothing else on the machine: pause a training first
#                (kill -STOP PID, then kill -CONT PID).
#   startup      docs/measure_startup.py under Xvfb (xvfb-run): launch to the window, and to "Detect
#                mood" ready with its memory, medians of 3 (startup.txt)
#   calibration  the model card's "Personal calibration" commands on the nine people's photos
#                (calibration-*.txt; needs ../shared), on one core, nice
set -euo pipefail
cd "$(dirname "$0")/.."
source .venv/bin/activate
[ $# -ge 2 ] || { echo "usage: $0 CANDIDATE.tflite OUT [speed|startup|calibration|all]" >&2; exit 2; }
candidate=$1 out=$2 what=${3:-all} shipped=models/emotion.tflite
[ -f "$candidate" ] || { echo "$candidate: no such model file" >&2; exit 1; }
mkdir -p "$out"
PEOPLE=${PEOPLE:-../shared/datasets/real-photos-people}

speed() {
  for round in 1 2; do
    for model in "$candidate" "$shipped"; do
      echo "== $model (round $round)"
      python benchmarks/bench_inference.py --model "$model" --runs 100
    done
  done > "$out/bench.txt" 2>&1
  grep -E "^==|^machine|classification|frame|vote" "$out/bench.txt"
}

startup() {
  local settings
  settings=$(mktemp --suffix=.ini)
  : > "$settings"  # an empty settings file: no first-run dialog, no user's music
  for model in "$candidate" "$shipped"; do
    echo "== $model"
    for until in "Window shown" "emotion model"; do
      xvfb-run -a python docs/measure_startup.py --runs 3 --until "$until" -- \
        .venv/bin/moodplayer --settings "$settings" --audio-output dummy --model "$model"
    done
  done > "$out/startup.txt" 2>&1
  rm -f "$settings"
  cat "$out/startup.txt"
}

calibration() {
  [ -d "$PEOPLE" ] || { echo "$PEOPLE: not here, no calibration figures" >&2; return 1; }
  local each=(taskset -c 1 nice) person=(--person '^p(\d\d)')
  "${each[@]}" moodplayer evaluate "$PEOPLE" --detect-faces "${person[@]}" --calibrate 1 --wrong-corrections 1 \
    --real-use --model "$candidate" > "$out/calibration-k1-misclick-real-use.txt"
  "${each[@]}" moodplayer evaluate "$PEOPLE" --detect-faces "${person[@]}" --calibrate 3 --model "$candidate" \
    > "$out/calibration-k3.txt"
  "${each[@]}" python benchmarks/calibration_people.py "$PEOPLE" "${person[@]}" --model "$candidate" \
    > "$out/calibration-leave-people-out.txt"
  "${each[@]}" python benchmarks/calibration_people.py "$PEOPLE" "${person[@]}" --model "$candidate" --sweep \
    > "$out/calibration-sweep.txt"
  tail -n 5 "$out"/calibration-*.txt
}

case "$what" in
  speed) speed ;;
  startup) startup ;;
  calibration) calibration ;;
  all) speed; startup; calibration ;;
  *) echo "usage: $0 CANDIDATE.tflite OUT [speed|startup|calibration|all]" >&2; exit 2 ;;
esac
