"""A working copy of the data folder: change it, validate it, then replace the original's files.

Nothing touches the data folder until the copy has passed the package validator and the domain rules. Then
each changed file is moved into place with `os.replace`, which is atomic per file on one filesystem (the copy
lives beside the data folder for that reason); a file that did not change is not touched. A failure at any
earlier point leaves the data folder byte-identical, and the copy is always removed.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from industrial_base.loading import load_package
from industrial_base.package import DataPackage


class Staging:
    """`with Staging(data_dir) as stage:` gives `stage.path`, a copy of `data_dir` under the same name (so
    validation messages read `data/...`), removed on exit."""

    def __init__(self, data_dir: Path) -> None:
        self.original = Path(data_dir).resolve()
        self._root = Path(
            tempfile.mkdtemp(prefix=f".{self.original.name}-staging-", dir=self.original.parent)
        )
        self.path = self._root / self.original.name
        shutil.copytree(self.original, self.path)

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        shutil.rmtree(self._root, ignore_errors=True)

    def changed_files(self) -> list[Path]:
        """Files of the copy that are new or differ from the original, relative to the folder, sorted."""
        changed = []
        for path in sorted(self.path.rglob("*")):
            if path.is_file():
                relative = path.relative_to(self.path)
                target = self.original / relative
                if not target.exists() or not filecmp.cmp(path, target, shallow=False):
                    changed.append(relative)
        return changed

    def validate(self) -> DataPackage:
        return load_package(self.path)

    def replace(self, files: list[Path]) -> None:
        """Move the given files of the copy into the original folder, each atomically."""
        for relative in files:
            target = self.original / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path / relative, target)
