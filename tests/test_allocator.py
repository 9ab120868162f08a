"""The core sets polars' allocator before polars loads (so that batches do not leave freed pages resident)."""

from __future__ import annotations

import os
import subprocess
import sys

_PROBE = "import os, sys; import curator; print(os.environ.get('_RJEM_MALLOC_CONF')); print('polars' in sys.modules)"


def _probe(env: dict[str, str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_importing_the_core_sets_the_allocator_before_polars_is_loaded() -> None:
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    conf, polars_loaded = _probe(env)
    assert "dirty_decay_ms:100" in conf.split(",")
    assert polars_loaded == "False"


def test_a_callers_allocator_setting_wins() -> None:
    conf, _polars_loaded = _probe({**os.environ, "_RJEM_MALLOC_CONF": "narenas:2"})
    assert conf == "narenas:2"
