"""One async function per command or reaction."""

from egisz.accreditation.usecases.applications import *  # noqa: F403
from egisz.accreditation.usecases.extracts import *  # noqa: F403
from egisz.accreditation.usecases.review import *  # noqa: F403
