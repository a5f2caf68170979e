#!/usr/bin/env bash
# The emotion model's training campaign (issue 10), as rerunnable steps on a 2-core CPU.
#   scripts/campaign.sh proxies   two 8-epoch proxies (AdamW vs SGD-Nesterov, both on 44 px crops
#                                 with camera augmentation); prints their best validation accuracy
#   scripts/campaign.sh long      the long run with the proxy winner's optimizer (starts or resumes)
#   scripts/campaign.sh members   two more seeds of the long run's recipe (ensemble members)
#   scripts/campaign.sh distil    one student of the same size taught by the three (averaged)
#   scripts/campaign.sh all       proxies, the long run, the members, then the student
# Everything goes into runs/ (git-ignored); each step resumes where an earlier session stopped,
# and a step whose run finished (metrics.json written) is skipped. Never two trainings at once:
# the script first waits for any `moodplayer train` already running.
# Cost measured here: 107-150 s an epoch for the 1.2M-parameter net on 44 px crops (2-core AMD EPYC,
# 2026-12-05, light work on one core beside it), ~450-530 s with heavy work beside it; 75-130 s on
# the 2-core Intel Xeon. Each epoch's seconds are in the run's history.csv (epoch_seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
source .venv/bin/activate
DATA=${DATA:-../shared/datasets/fer2013}
COMMON=(--width 32 --crop 44 --camera-augment --seed 1234)
# 80 epochs: the first long run (2026-11-24, Intel Xeon, ~85-125 s an epoch) fits one session there.
LONG_EPOCHS=${LONG_EPOCHS:-80}
LONG_WIDTH=${LONG_WIDTH:-32}

while pgrep -f "moodplayer train" >/dev/null; do sleep 30; done

# A finished run's weights and record are committed under models/experiments/<name>/, so a lost
# runs/ folder (a fresh machine) costs only the unfinished run.
record() { echo "models/experiments/$(basename "$1")"; }

run() {  # run OUT ARGS...: start, or resume when OUT holds an unfinished run; skip a finished one
  local out=$1; shift
  if [ -f "$out/metrics.json" ] || [ -f "$(record "$out")/metrics.json" ]; then echo "$out: finished"; return; fi
  mkdir -p "$out"
  # Says when an epoch takes over 1.5x the run's median (something else competes for the cores).
  python -m moodplayer.training.epoch_watch "$out" $$ &
  local watcher=$!
  if [ -f "$out/state.json" ]; then moodplayer train "$DATA" --out "$out" --resume "$@"
  else moodplayer train "$DATA" --out "$out" "$@"; fi
  kill "$watcher" 2>/dev/null || true
}

best() {  # the best validation accuracy of a finished run, from runs/ or from its committed record
  local state="$1/state.json"
  [ -f "$state" ] || state="$(record "$1")/state.json"
  python -c "import json,sys; print(json.load(open(sys.argv[1]))['best']['val_accuracy'])" "$state"
}

proxies() {
  run runs/proxy-adamw --epochs 8 "${COMMON[@]}" --optimizer adamw
  run runs/proxy-sgd --epochs 8 "${COMMON[@]}" --optimizer sgd --learning-rate 0.05 --warmup-epochs 2
  echo "proxy validation accuracy: adamw $(best runs/proxy-adamw), sgd $(best runs/proxy-sgd)"
}

winner() {  # the optimizer whose proxy validated better
  python -c "import sys; print('sgd' if float(sys.argv[2]) > float(sys.argv[1]) else 'adamw')" \
    "$(best runs/proxy-adamw)" "$(best runs/proxy-sgd)"
}

recipe() {  # recipe OUT SEED [ARGS...]: the long run's recipe into OUT with SEED
  local out=$1 seed=$2 optimizer; shift 2
  optimizer=$(winner)
  if [ "$optimizer" = sgd ]; then extra=(--learning-rate 0.05 --warmup-epochs 3); else extra=(); fi
  run "$out" --epochs "$LONG_EPOCHS" --width "$LONG_WIDTH" --crop 44 --camera-augment \
    --seed "$seed" --optimizer "$optimizer" "${extra[@]}" "$@"
}

long() {
  echo "long run: $(winner), width $LONG_WIDTH, $LONG_EPOCHS epochs"
  recipe "runs/long-$(winner)-w$LONG_WIDTH" 1234
}

members() {
  for seed in 1 2; do recipe "runs/long-$(winner)-w$LONG_WIDTH-seed$seed" "$seed"; done
}

weights() {  # the finished run's emotion.keras, from runs/ or from its committed record
  if [ -f "$1/emotion.keras" ] && [ -f "$1/metrics.json" ]; then echo "$1/emotion.keras"
  else echo "$(record "$1")/emotion.keras"; fi
}

distil() {
  local base="runs/long-$(winner)-w$LONG_WIDTH" teachers=()
  for member in "$base" "$base-seed1" "$base-seed2"; do teachers+=(--teacher "$(weights "$member")"); done
  recipe "runs/student-$(winner)-w$LONG_WIDTH" 4321 "${teachers[@]}" --distill-weight 0.5
}

case "${1:-all}" in
  proxies) proxies ;;
  long) long ;;
  members) members ;;
  distil) distil ;;
  all) proxies; long; members; distil ;;
  *) echo "usage: $0 [proxies|long|members|distil|all]" >&2; exit 2 ;;
esac
