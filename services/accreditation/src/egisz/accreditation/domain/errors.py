"""Accreditation errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.kernel.errors import ConflictError, DomainError, NotFoundError


class AccreditationError(DomainError):
    code = "accreditation_rule"


class IllegalTransitionError(AccreditationError, ConflictError):
    code = "illegal_transition"
    default_message = "Заявление нельзя перевести в этот статус"
    fixable_by = "worker"


class ApplicationAlreadyActiveError(AccreditationError, ConflictError):
    code = "application_already_active"
    default_message = (
        "По этой специальности уже есть заявление в работе: дождитесь решения или отмените его"
    )
    fixable_by = "worker"


class ApplicationNotFoundError(AccreditationError, NotFoundError):
    code = "application_not_found"
    default_message = "Заявление не найдено"
    fixable_by = "worker"


class ApplicationNotReadyError(AccreditationError):
    """Every obstacle is a field `obstacles.<code>` with its own message."""

    code = "application_not_ready"
    default_message = "Заявление нельзя отправить: исправьте отмеченное"


class AccreditationNotPassedError(AccreditationError, ConflictError):
    code = "accreditation_not_passed"
    default_message = "Выписку заказывают по пройденной аккредитации, а это заявление ещё не сдано"
    fixable_by = "worker"


class ExtractNotFoundError(AccreditationError, NotFoundError):
    code = "extract_not_found"
    default_message = "Выписка не найдена: проверьте код"
    fixable_by = "worker"


class SigningKeyMissingError(AccreditationError):
    code = "signing_key_missing"
    default_message = (
        "Выписку нельзя подписать: ключ подписи сервиса не настроен (ACCREDITATION_SIGNING_KEY)"
    )
    fixable_by = "support"


class ExtractNotIssuedError(AccreditationError, ConflictError):
    code = "extract_not_issued"
    default_message = "Выписка ещё не выдана"
    fixable_by = "worker"


class DocumentsNotCheckedError(AccreditationError, ConflictError):
    code = "documents_not_checked"
    default_message = (
        "Комиссия решает после проверки документов: сначала отметьте «Документы проверены»"
    )
    fixable_by = "support"


class DocumentsAlreadyCheckedError(AccreditationError, ConflictError):
    code = "documents_already_checked"
    default_message = (
        "Документы уже проверены: заявление у комиссии, её решение — «сдано» или «не сдано»"
    )
    fixable_by = "support"


class ApplicationDocumentNotFoundError(AccreditationError, NotFoundError):
    code = "document_not_found"
    default_message = "В заявлении нет такого документа"
    fixable_by = "worker"


class WorkerInFrmrError(AccreditationError, ConflictError):
    code = "worker_in_frmr"
    default_message = (
        "Этот человек есть в ФРМР: заявление он подаёт через личный кабинет, а не почтой"
    )
    fixable_by = "worker"


class StandingChangeRefusedError(AccreditationError, ConflictError):
    code = "standing_change_refused"
    default_message = "Так изменить статус аккредитации нельзя"
    fixable_by = "support"
