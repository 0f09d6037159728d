"""Portfolio errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.kernel.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)


class PortfolioError(DomainError):
    code = "portfolio_rule"


class PortfolioNotFoundError(PortfolioError, NotFoundError):
    code = "portfolio_not_found"
    default_message = (
        "Портфолио не найдено: оно появляется, когда работник внесён в ФРМР — "
        "обратитесь к кадровой службе организации"
    )
    fixable_by = "organization"


class ApprovalNotPendingError(PortfolioError, ConflictError):
    code = "approval_not_pending"
    default_message = "Отчёт не ждёт согласования"
    fixable_by = "worker"


class ApprovalAlreadyGivenError(PortfolioError, ConflictError):
    code = "approval_already_given"
    default_message = (
        "Отчёт уже согласован или ждёт решения руководителя: измените отчёт, чтобы отправить "
        "его снова"
    )
    fixable_by = "worker"


class ApprovalNotFoundError(PortfolioError, NotFoundError):
    code = "approval_not_found"
    default_message = "Нет отчёта, ожидающего вашего согласования"
    fixable_by = "worker"


class SignatureInvalidError(PortfolioError):
    code = "signature_invalid"
    default_message = (
        "Электронная подпись не подтверждает этот отчёт: подпишите именно текущую версию отчёта "
        "ключом, зарегистрированным в системе"
    )
    fixable_by = "organization"


class SigningKeyMissingError(PortfolioError, NotFoundError):
    code = "signing_key_missing"
    default_message = (
        "У руководителя нет зарегистрированного ключа электронной подписи: зарегистрируйте "
        "ключ или согласуйте отчёт на бумаге"
    )
    fixable_by = "organization"


class DocumentNotFoundError(PortfolioError, NotFoundError):
    code = "document_not_found"
    default_message = "В портфолио нет такого документа"
    fixable_by = "worker"


class ExperienceLineNotFoundError(PortfolioError, NotFoundError):
    code = "experience_line_not_found"
    default_message = "В опыте работы нет такой строки"
    fixable_by = "worker"


class SnapshotInvalidError(PortfolioError):
    code = "portfolio_xml_invalid"
    default_message = "Не удалось сформировать «portfolio.xml»"
    fixable_by = "support"


class SnapshotNotFoundError(PortfolioError, NotFoundError):
    code = "snapshot_not_found"
    default_message = "Снимок портфолио не найден"
    fixable_by = "worker"


class NotHeadOfOrganizationError(PortfolioError, ForbiddenError):
    code = "not_head_of_organization"
    default_message = (
        "В ФРМО руководителем этой организации указан другой человек или руководитель не указан: "
        "организация указывает руководителя в ФРМО"
    )
    fixable_by = "organization"


class PaperApprovalNotFoundError(PortfolioError, NotFoundError):
    code = "paper_approval_not_found"
    default_message = (
        "Нет согласования по скану бумажного отчёта, которое ждёт вашего подтверждения"
    )
    fixable_by = "worker"


class CertificateNotOfHeadError(PortfolioError, InvalidInputError):
    code = "certificate_not_of_head"
    default_message = (
        "Сертификат выдан не руководителю, которого ФРМО записывает для организации: СНИЛС в "
        "сертификате должен совпасть со СНИЛС руководителя (организация указывает его в ФРМО)"
    )
    fixable_by = "organization"


class SigningKeyExpiredError(PortfolioError, ConflictError):
    code = "signing_key_expired"
    default_message = (
        "Срок действия ключа электронной подписи истёк (или не указан): зарегистрируйте "
        "действующий ключ или согласуйте отчёт на бумаге"
    )
    fixable_by = "organization"


class NotOfficerOfOrganizationError(PortfolioError, ForbiddenError):
    code = "not_officer_of_organization"
    default_message = (
        "В ФРМО у вас нет доступа к этой организации: подтверждает её сотрудник с доступом"
    )
    fixable_by = "organization"
