"""Read-only files that stay read-only for a test run as root.

Root writes through any file mode: CAP_DAC_OVERRIDE. ``without_root_override()`` takes that
capability (and CAP_DAC_READ_SEARCH) out of the calling thread's effective set for the block, and
puts it back afterwards (it stays in the permitted set, so this is reversible). Capabilities are
per thread in Linux: only code on the calling thread (the Qt main thread in a GUI test) loses them.
A test run as an ordinary user needs none of this and runs the block as it is.
"""

from __future__ import annotations

import contextlib
import ctypes
import os

import pytest

_VERSION_3 = 0x20080522  # _LINUX_CAPABILITY_VERSION_3: two 32-bit words per set
_DAC = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _capabilities(libc, data=None):
    header = _Header(_VERSION_3, 0)  # pid 0: this thread
    if data is None:
        data = (_Data * 2)()
        call = libc.capget
    else:
        call = libc.capset
    if call(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return data


@contextlib.contextmanager
def without_root_override():
    """File modes hold for this thread inside the block, even for root."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        data = _capabilities(libc)
        saved = data[0].effective
        data[0].effective &= ~_DAC
        _capabilities(libc, data)
    except (OSError, AttributeError) as error:
        pytest.skip(f"root here cannot drop CAP_DAC_OVERRIDE: {error}")
    try:
        yield
    finally:
        data[0].effective = saved
        _capabilities(libc, data)
