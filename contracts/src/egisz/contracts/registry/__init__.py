"""Registry (FRMO + FRMR) commands, replies and events.

Field names follow FRMR's own vocabulary where it has one (docs/domain.md): `last_name`,
`birth_date`, `hours`, `end_date`, `rate`, `dismissal_reason`.

One module per part of the register; this package re-exports them all, so callers keep
``from egisz.contracts import registry``.
"""

from egisz.contracts.files import FilePart as FilePart
from egisz.contracts.files import ReadFile as ReadFile
from egisz.contracts.files import StoredFile as StoredFile
from egisz.contracts.files import UploadFilePart as UploadFilePart
from egisz.contracts.files import UploadProgress as UploadProgress
from egisz.contracts.registry.access import *  # noqa: F403
from egisz.contracts.registry.corrections import *  # noqa: F403
from egisz.contracts.registry.learners import *  # noqa: F403
from egisz.contracts.registry.organizations import *  # noqa: F403
from egisz.contracts.registry.queries import *  # noqa: F403
from egisz.contracts.registry.vocabulary import *  # noqa: F403
from egisz.contracts.registry.worker_events import *  # noqa: F403
from egisz.contracts.registry.workers import *  # noqa: F403
