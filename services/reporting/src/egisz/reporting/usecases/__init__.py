"""The reporting service's use cases: facts kept from events, reports for whoever may see them,
the register of authorities, the rebuild."""

from egisz.reporting.usecases.authorities import (
    add_member,
    list_authorities,
    register_authority,
    remove_member,
)
from egisz.reporting.usecases.reports import (
    Asked,
    movement,
    note_access,
    occupancy,
    structure,
)

__all__ = [
    "Asked",
    "add_member",
    "list_authorities",
    "movement",
    "note_access",
    "occupancy",
    "register_authority",
    "remove_member",
    "structure",
]
