import sys
from pathlib import Path

# The shared fixture makers live in tests/mp_testkit (pytest runs with --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


