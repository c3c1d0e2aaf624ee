"""The one exception tree of cyberpatrol.

CyberpatrolError
 ├── ConfigError          a data or configuration file is wrong (names the file)
 │    └── ModelError      a model directory is missing, malformed or incompatible
 ├── InputError           one input record is unusable (names file, line and reason)
 ├── StoreError           the database refused or is not reachable
 ├── DetectorError        a detector could not be built or run
 ├── AccessDenied         not logged in, wrong password or token, or the role may not do this
 └── WorkflowError        a hotline step that cannot be taken (unknown case, claimed by
      ├── NotFound        another analyst, judgement not in the taxonomy…)
      └── Conflict
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


class AccessDenied(CyberpatrolError):
    """Authentication failed, or the authenticated user's role does not allow the action."""

    def __init__(self, message: str, *, authenticated: bool = True) -> None:
        self.authenticated = authenticated
        """False when nobody (or nobody valid) is logged in; True when the role is too weak."""
        super().__init__(message)


class WorkflowError(CyberpatrolError):
    """A hotline step that cannot be taken as asked (a bad value or state)."""


class NotFound(WorkflowError):
    """The case, user, token or report does not exist."""


class Conflict(WorkflowError):
    """The step clashes with someone else's work (e.g. the case is claimed by another analyst)."""
