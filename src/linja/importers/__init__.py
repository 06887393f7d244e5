"""Readers that turn foreign contact logs into contact records.

Each reader returns :class:`linja.engine.records.RawSource` frames; :func:`load` passes
them through the same validation as canonical files, so every format gets the same
checks and the same messages. ``--format`` names a reader:

- ``canonical``: CSV or Parquet in the format of docs/formats.md
- ``asterisk-queue-log``: Asterisk / FreePBX / Wazo ``queue_log`` (docs/importer-asterisk.md);
  several files are read as one log, oldest first (rotated logs)
- ``mapping:FILE``: a vendor CSV export described by a YAML mapping (docs/importer-mapping.md)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linja.engine.records import LoadResult, RawSource, load, read_canonical
from linja.errors import LinjaError

FORMATS = ("canonical", "asterisk-queue-log", "mapping:FILE")


@dataclass(frozen=True)
class ImportSettings:
    """What an importer needs beyond the log itself.

    ``caller_key``: the secret for pseudonymous caller keys (None: importers that see
    phone numbers refuse to run, rather than drop or store them). ``queue_units``: the
    unit that owns each queue; a queue not listed is its own unit.
    """

    caller_key: bytes | None = None
    queue_units: Mapping[str, str] = field(default_factory=dict)

    def unit_of(self, queue: str) -> str:
        return self.queue_units.get(queue, queue)

    def require_caller_key(self, source: str) -> bytes:
        if self.caller_key is None:
            raise LinjaError(
                f"{source}: holds caller numbers, and no caller key is configured to "
                "pseudonymise them; set LINJA_CALLER_KEY (at least 16 characters) or "
                "pseudonymisation.caller_key_file in linja.yaml (docs/configuration.md)"
            )
        return self.caller_key


Reader = Callable[[Path, ImportSettings], RawSource]
# Reads all files of one load together (an Asterisk log rotated over several files).
Readers = Callable[[Sequence[Path], ImportSettings], Sequence[RawSource]]


def _each(reader: Reader) -> Readers:
    return lambda paths, settings: [reader(Path(p), settings) for p in paths]


def reader_for(fmt: str) -> Readers:
    """The reader that ``--format`` names."""
    if fmt == "canonical":
        return _each(lambda path, _settings: read_canonical(path))
    if fmt == "asterisk-queue-log":
        from linja.importers.asterisk import read_queue_logs

        return read_queue_logs
    if fmt.startswith("mapping:"):
        from linja.importers.mapping import load_mapping

        mapping_path = fmt.removeprefix("mapping:")
        if not mapping_path:
            raise LinjaError("--format mapping: expected mapping:FILE, the YAML mapping file")
        mapping = load_mapping(Path(mapping_path))
        return _each(mapping.read)
    raise LinjaError(f"--format: '{fmt}' is not a format; expected one of {', '.join(FORMATS)}")


def load_records(
    paths: Sequence[Path],
    fmt: str = "canonical",
    settings: ImportSettings | None = None,
    *,
    skip_bad_rows: bool = False,
) -> LoadResult:
    """Read ``paths`` in ``fmt`` and validate them into one set of contact records."""
    readers = reader_for(fmt)
    settings = settings or ImportSettings()
    return load(readers([Path(p) for p in paths], settings), skip_bad_rows=skip_bad_rows)
