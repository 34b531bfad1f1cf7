"""gc_paused: the cyclic collector is off inside the block and restored after, even on error."""

from __future__ import annotations

import gc

import pytest

from painkg.gcpause import gc_paused


def test_collector_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("mid-way")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
