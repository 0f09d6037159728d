"""The support desk's refusals about tickets."""

from __future__ import annotations

from egisz.kernel.errors import ConflictError, ForbiddenError, NotFoundError
from egisz.registry.domain.errors import RegistryError


class TicketNotFoundError(RegistryError, NotFoundError):
    code = "ticket_not_found"
    default_message = "Обращение не найдено"  # also another author's: no oracle
    fixable_by = "worker"


class TooManyOpenTicketsError(RegistryError, ConflictError):
    code = "too_many_open_tickets"
    default_message = (
        "У вас уже 10 открытых обращений: дождитесь ответа по ним или дополните открытое "
        "обращение, прежде чем создавать новое"
    )
    fixable_by = "worker"


class TicketClosedError(RegistryError, ConflictError):
    code = "ticket_closed"
    default_message = "Обращение уже закрыто: при необходимости создайте новое"
    fixable_by = "worker"


class TicketStepNotAllowedError(RegistryError, ConflictError):
    code = "ticket_step_not_allowed"
    default_message = "Этот шаг невозможен в текущем статусе обращения"
    fixable_by = "support"


class DataChangeNotMadeError(RegistryError, ConflictError):
    code = "data_change_not_made"
    default_message = (
        "Запрос на изменение данных решается самим изменением: сначала внесите его в личное "
        "дело (запись изменилась после запроса — тогда его можно закрыть), либо отклоните "
        "запрос с причиной"
    )
    fixable_by = "support"


class NotYourWorkerError(RegistryError, ForbiddenError):
    code = "not_your_worker"
    default_message = (
        "Запрос на изменение данных подаёт организация, где человек работает сейчас, "
        "или сам человек"
    )
    fixable_by = "organization"
