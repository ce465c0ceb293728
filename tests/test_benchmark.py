"""The benchmark runs end to end at a tiny size and prints its table (never timed)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sample import PROJECT

pytestmark = pytest.mark.build


def test_the_benchmark_prints_every_figure_against_bare_material() -> None:
    done = subprocess.run([sys.executable, "scripts/benchmark.py", "--plans", "1",
                           "--no-extras"], cwd=PROJECT, capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {found.group(1).strip(): found.group(2) for line in done.stdout.splitlines()
            if (found := re.match(r"^(\s*.*?\S)\s{2,}(\S.*)$", line))}
    assert rows["plans"] == "1"
    assert re.fullmatch(r"\d+\.\d", rows["bare Material, fr, s"])
    for row in ("cold s (× bare per language)", "warm s (× bare per language)"):
        assert re.fullmatch(r"\d+\.\d \(\d+\.\d\d×\)", rows[row]), rows[row]
    assert re.fullmatch(r"\d+ \(\d+\)", rows["peak MB (bare)"])
    peak = int(rows["peak MB (bare)"].split()[0])
    assert int(rows["all processes at once MB"]) >= peak * 0.9  # sampled: may miss a spike
    assert 0 < int(rows["the build process itself MB"]) <= peak  # one of those processes
    assert float(rows["pages MB"]) > 0 and float(rows["site MB"]) > float(rows["pages MB"])
