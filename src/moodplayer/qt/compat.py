"""Work-arounds for bugs in the Qt binding we run on.

PySide6 6.12.0 on Python 3.11 returns ``None`` from every void method (``setText``, ``setValue``…)
and ``True`` from ``emit()`` without taking a reference, so each call drops one reference to a
singleton. A long session (the soak benchmark: 300 song changes) then aborts with "Fatal Python
error: none_dealloc" or "bool_dealloc". Python 3.12+ makes these singletons immortal (PEP 683),
so there the bug is harmless. ``guard_singletons()`` gives None, True and False the same
immortality on older Pythons when the bug is detected; the real fix is another PySide6 release
or Python 3.12+.

PySide6 6.12.0 on Python 3.11: ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every emit called from Python drops one reference to ``True``. After a few
thousand emits (a minute of camera preview) the interpreter aborts with "Fatal Python error:
bool_dealloc". Python 3.12+ makes True immortal, so the bug is harmless there. ``emit()`` below
detects the bug once and gives the reference back.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    if sys.version_info >= (3, 12):
        return False
    probe = _Probe()
    before = sys.getrefcount(True)
    result = probe.ping.emit()
    held = sys.getrefcount(True) - before  # 1 when emit() returned a new reference, 0 when it did not
    if result is True and held == 0:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))  # repay the probe's own emit
        return True
    return False


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()

_IMMORTAL = 1 << 40  # far more references than a process can ever drop


def _void_call_drops_a_reference() -> bool:
    if sys.version_info >= (3, 12):
        return False
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 8


def guard_singletons() -> bool:
    """Make None/True/False effectively immortal when the binding drops references to them."""
    if not (EMIT_DROPS_REFERENCE or _void_call_drops_a_reference()):
        return False
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is the first field
        if refcount.value < _IMMORTAL:
            refcount.value += _IMMORTAL
    return True


SINGLETONS_GUARDED = guard_singletons()


def emit(signal, *args) -> None:
    """``signal.emit(*args)``, safe on every PySide6 version. Use it for every emit from Python."""
    result = signal.emit(*args)
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
