"""The staffing tables' refusals."""

from __future__ import annotations

from egisz.kernel.errors import ConflictError, InvalidInputError
from egisz.registry.domain.errors import RegistryError


class StaffingChangeOutOfOrderError(RegistryError, ConflictError):
    code = "staffing_change_out_of_order"
    default_message = (
        "По этой должности уже записано изменение с более поздней даты: укажите дату не раньше неё"
    )
    fixable_by = "organization"


class SubdivisionNotOpenError(RegistryError, InvalidInputError):
    code = "subdivision_not_open"
    default_message = "Подразделение не найдено в организации или закрыто на эту дату"
    fixable_by = "organization"
