"""One async function per command or reaction."""

from egisz.notify.usecases.inbox import *  # noqa: F403
from egisz.notify.usecases.messages import *  # noqa: F403
from egisz.notify.usecases.reminders import *  # noqa: F403
from egisz.notify.usecases.sending import *  # noqa: F403
