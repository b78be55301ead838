"""The one build step pyproject.toml cannot say: the package's defaults are this repository's own files.

The wheel carries the default ontology and shapes (``ontology/``), the query library (``queries/``) and the
lexicon (``data/lexicon/``) as ``kg/defaults/...``, copied from where the repository keeps them when the wheel
is built, so that there is one copy of each (``kg.project.packaged_defaults``; tests/test_package.py compares
the wheel's with the repository's). Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# (folder of the repository, files, folder under kg/defaults in the package)
DEFAULTS = [("ontology", "*.ttl", "ontology"), ("queries", "*.rq", "queries"), ("data/lexicon", "*.yaml", "lexicon")]


class BuildWithDefaults(build_py):
    """build_py that also copies the defaults into the built package."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        for source, pattern, target in DEFAULTS:
            folder = Path(self.build_lib) / "kg" / "defaults" / target
            folder.mkdir(parents=True, exist_ok=True)
            for path in sorted((root / source).glob(pattern)):
                shutil.copyfile(path, folder / path.name)


setup(cmdclass={"build_py": BuildWithDefaults})
