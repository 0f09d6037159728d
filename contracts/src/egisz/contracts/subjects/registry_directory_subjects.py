"""The register as an IHE mCSD directory (the gateway's `/fhir`): search, read and history of
its resources, for anyone — the directory holds no personal data; a signed-in caller who may
see a person's gets it added to a Practitioner by the register's own rule."""

from __future__ import annotations

from egisz.contracts.registry import directory
from egisz.contracts.subjects.registry_subjects import _r

DIRECTORY_SEARCH = _r(
    "directory",
    "search",
    directory.SearchDirectory,
    directory.DirectoryPage,
    "FHIR search of one resource type (ITI-90): its parameters as sent; a page by resource.",
)
DIRECTORY_READ = _r(
    "directory",
    "read",
    directory.ReadDirectoryResource,
    directory.DirectoryEntry,
    "A resource as it is now, or one of its versions (`vread`).",
)
DIRECTORY_HISTORY = _r(
    "directory",
    "history",
    directory.DirectoryHistory,
    directory.DirectoryPage,
    "`_history` (ITI-91) of the directory, a type or a resource: every version, newest first.",
)
