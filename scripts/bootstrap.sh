# Sourced by scripts/run and scripts/test: installs what is missing, then activates .venv.
# System packages come from apt-get (as root, or through sudo); Python packages into .venv.
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
# Reinstall only when the dependency list changed (a stamp holds pyproject.toml's checksum).
stamp=.venv/.moodplayer-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python packages into .venv (TensorFlow is large: a few minutes the first time)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$wanted" > "$stamp"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
