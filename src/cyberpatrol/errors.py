"""The one exception tree of cyberpatrol.

CyberpatrolError
 ├── ConfigError          a data or configuration file is wrong (names the file)
 │    └── ModelError      a model directory is missing, malformed or incompatible
 ├── InputError           one input record is unusable (names file, line and reason)
 ├── StoreError           the database refused or is not reachable
 └── DetectorError        a detector could not be built or run
"""

from __future__ import annotations


class CyberpatrolError(Exception):
    """Base class of every error raised on purpose by cyberpatrol."""


class ConfigError(CyberpatrolError):
    """A configuration or data file is missing or malformed."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class ModelError(ConfigError):
    """A model directory cannot be used (missing files, bad format, wrong version)."""


class InputError(CyberpatrolError):
    """One input record could not be accepted.

    Carries where it happened so the message can name file and line.
    """

    def __init__(self, reason: str, *, source: str = "-", line: int = 0) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        super().__init__(f"{source}:{line}: {reason}")


class StoreError(CyberpatrolError):
    """The store could not be opened, migrated or written."""


class DetectorError(CyberpatrolError):
    """A detector could not be configured or failed on an item."""
