"""kg's version, in one place: the package metadata (pyproject.toml reads it), kg --version, build manifests and
cache keys."""

__version__ = "0.1.0"
