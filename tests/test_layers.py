"""The layers of kg/ (pyproject's [tool.importlinter] contracts), checked by import-linter: kept by the code,
broken by a planted reverse import (so the check can fail)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(folder: Path) -> subprocess.CompletedProcess:
    """lint-imports on the kg package in ``folder``, with the contracts of its pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_code_keeps_every_contract():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout
    assert "Contracts: 3 kept, 0 broken." in done.stdout


def test_a_reverse_import_breaks_the_layers(tmp_path):
    shutil.copytree(ROOT / "kg", tmp_path / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "kg" / "facts" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom kg.store.spec import StoreSpec  # planted\n",
                     encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "Stages: each imports only the stages below it BROKEN" in done.stdout
    assert "kg.facts is not allowed to import kg.store:" in done.stdout
    assert "kg.facts.model -> kg.store.spec" in done.stdout


def test_no_import_cycle_in_kg():
    """No import cycle anywhere in kg/, within a package as across them (a function's own import counts too;
    an import under ``if TYPE_CHECKING:`` is for annotations only and never runs)."""
    import networkx as nx

    # grimp is the library import-linter reads the imports with; run on this checkout's kg/.
    code = subprocess.run([sys.executable, "-c", "import grimp, json; g = grimp.build_graph('kg', cache_dir=None, exclude_type_checking_imports=True); "
                           "print(json.dumps([[m, d] for m in sorted(g.modules) "
                           "for d in sorted(g.find_modules_directly_imported_by(m))]))"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=120)
    assert code.returncode == 0, code.stderr
    imports = nx.DiGraph(json.loads(code.stdout))
    cycles = sorted(sorted(group) for group in nx.strongly_connected_components(imports) if len(group) > 1)
    assert cycles == []
