"""Readiness: everything that would stop an accreditation application today, each with a code,
the message users read (the seeds' wording where there is one) and who can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from egisz.portfolio.domain.approval import person_key
from egisz.portfolio.domain.documents import Limits, Purpose
from egisz.portfolio.domain.education import HoursRule, count_hours
from egisz.portfolio.domain.experience import report_period
from egisz.portfolio.domain.model import ApprovalStatus, Portfolio
from egisz.runtime.content import megabytes

FixableBy = Literal["worker", "organization", "support"]


@dataclass(frozen=True)
class Obstacle:
    code: str
    message: str
    fixable_by: FixableBy


def obstacles(
    p: Portfolio,
    *,
    today: date,
    speciality: str | None,
    rule: HoursRule,
    limits: Limits,
    known_organizations: set[str],
) -> list[Obstacle]:
    found: list[Obstacle] = []
    period = report_period(p.experience, today)
    unknown = sorted({e.organization_oid for e in p.report(today)} - known_organizations)
    if period is None:
        found.append(
            Obstacle(
                "no_organization_data",
                "Нет сведений об организации: в ФРМР нет записи о вашей работе — обратитесь "
                "к кадровой службе организации",
                "organization",
            )
        )
    elif unknown:
        found.append(
            Obstacle(
                "no_organization_data",
                f"Нет сведений об организации: {', '.join(unknown)} нет в ФРМО — организации "
                "нужно зарегистрироваться или исправить OID в записи о работе",
                "organization",
            )
        )
    if p.approval_status not in (ApprovalStatus.APPROVED, ApprovalStatus.NOT_REQUIRED):
        hint = ""
        if period is not None and not period.employed_now:
            hint = (
                f" Вы сейчас не работаете: отчётный период заканчивается датой увольнения "
                f"({period.end.strftime('%d.%m.%Y')}) — укажите причину «не работаю»."
            )
        found.append(
            Obstacle(
                "portfolio_not_approved",
                "Несогласованное портфолио: отправьте отчёт руководителю на согласование." + hint,
                "worker",
            )
        )
    if not any(i.kind.professional for i in p.education):
        found.append(
            Obstacle(
                "education_missing",
                "Нет сведений о профессиональном образовании: добавьте диплом или попросите "
                "организацию внести его в ФРМР",
                "worker",
            )
        )
    hours = count_hours(p.education, today=today, speciality=speciality, rule=rule)
    if hours.total < rule.total_hours or hours.advanced_in_speciality < rule.advanced_hours:
        since = hours.since.strftime("%d.%m.%Y")
        found.append(
            Obstacle(
                "continuing_education_short",
                f"Недостаточно часов непрерывного образования с {since}: "
                f"{hours.total} из {rule.total_hours} ч, из них повышение квалификации"
                f"{' по специальности' if speciality else ''} — {hours.advanced_in_speciality} из "
                f"{rule.advanced_hours} ч (программы от {rule.min_program_hours} ч, "
                f"переподготовка от {rule.min_retraining_hours} ч; {rule.legal_act})",
                "worker",
            )
        )
    if p.last_name and not any(d.purpose is Purpose.NAME_CHANGE for d in p.documents):
        current = person_key(p.last_name)
        others = sorted(
            {
                i.holder_last_name
                for i in p.education
                if i.holder_last_name and person_key(i.holder_last_name) != current
            }
        )
        if others:
            found.append(
                Obstacle(
                    "surname_mismatch",
                    f"Фамилия в документах ({', '.join(others)}) отличается от фамилии в ФРМР "
                    f"({p.last_name}): приложите документ о смене фамилии",
                    "worker",
                )
            )
    total = sum(d.size for d in p.documents)
    if len(p.documents) > limits.max_files or total > limits.max_bytes:
        found.append(
            Obstacle(
                "documents_over_limit",
                f"Документы превышают лимит: {len(p.documents)} из {limits.max_files} файлов, "
                f"{megabytes(total)} из {megabytes(limits.max_bytes)} — удалите лишние",
                "worker",
            )
        )
    return found
