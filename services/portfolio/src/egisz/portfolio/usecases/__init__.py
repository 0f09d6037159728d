"""One async function per command or reaction: load → ask the model → save."""

from egisz.portfolio.usecases.approval import *  # noqa: F403
from egisz.portfolio.usecases.documents import *  # noqa: F403
from egisz.portfolio.usecases.education import *  # noqa: F403
from egisz.portfolio.usecases.portfolios import *  # noqa: F403
from egisz.portfolio.usecases.snapshots import *  # noqa: F403
