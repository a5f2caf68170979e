
# The shared fixture makers live in tests/mp_testkit (pytest runs with --import-mode=importlib).


