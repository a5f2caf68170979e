# Sourced by scripts/run, scripts/test and scripts/bundle: installs what is missing, then activates .venv.
# System packages come from apt-get (as root, or through sudo); Python packages into .venv:
# the app's dependencies, plus the extras named in $MOODPLAYER_EXTRAS (scripts/test: "test", which
# brings TensorFlow and pytest; scripts/run: none).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# libvlc plays the music; the xcb/EGL libraries let Qt open a real window; xvfb and ffmpeg
# serve the tests (a virtual screen for the end-to-end check, generated audio in several formats).
SYSTEM_PACKAGES=(python3-venv vlc-bin vlc-plugin-base libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 ${MOODPLAYER_EXTRA_PACKAGES:-})

missing=()
if command -v dpkg-query >/dev/null; then
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else sudo=(none); fi
  if [ "${sudo[*]}" = none ] || ! command -v apt-get >/dev/null; then
    echo "moodplayer: please install these system packages first: ${missing[*]}" >&2
  else
    echo "Installing system packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv"
  python3 -m venv .venv
fi
# Reinstall only when the dependency list changed or an extra is wanted that is not there yet (a
# stamp holds pyproject.toml's checksum and the extras installed with it).
stamp=.venv/.moodplayer-installed
checksum="$(sha256sum pyproject.toml | cut -d' ' -f1)"
extras="${MOODPLAYER_EXTRAS:-}"
stamped_checksum="" stamped_extras=""
read -r stamped_checksum stamped_extras 2>/dev/null < "$stamp" || true
missing_extra=""
for extra in ${extras//,/ }; do
  case ",${stamped_extras:-}," in *",$extra,"*) ;; *) missing_extra="$extra" ;; esac
done
if [ "${stamped_checksum:-}" != "$checksum" ] || [ -n "$missing_extra" ]; then
  if [ -n "$extras" ]; then
    echo "Installing Python packages into .venv, with the extras $extras (TensorFlow is large: a few minutes the first time)"
    target=".[$extras]"
  else
    echo "Installing MoodPlayer's Python packages into .venv"
    target="."
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e "$target"
  if [ "${stamped_checksum:-}" = "$checksum" ]; then  # what was there is still there
    for extra in ${stamped_extras//,/ }; do
      case ",$extras," in *",$extra,"*) ;; *) extras="${extras:+$extras,}$extra" ;; esac
    done
  fi
  echo "$checksum $extras" > "$stamp"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
