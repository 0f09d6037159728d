"""Readiness: everything that would stop an accreditation application today, each with a code,
the message users read (the seeds' wording where there is one) and who can fix it."""

from __future__ import annotations

from datetime import date

from egisz.kernel.content import megabytes
from egisz.kernel.errors import Obstacle
from egisz.portfolio.domain.approval import ApprovalStatus
from egisz.portfolio.domain.documents import Limits, Purpose
from egisz.portfolio.domain.education import HoursRule, Speciality, count_hours
from egisz.portfolio.domain.experience import report_period
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.names import person_key

PROOF_HINT = (
    "приложите подтверждающий документ (трудовой договор, справку, трудовую книжку) как "
    "подтверждение работы"
)


def organization_data_lacking(
    p: Portfolio, today: date, known_organizations: set[str], proven: set[str | None]
) -> list[str]:
    """What FRMR and FRMO lack about the report's jobs, each unless a document proves the job:
    an organization not in FRMO, a job without its subdivision (seed 000)."""
    lacking = []
    for e in p.report(today):
        if e.employment_id in proven:
            continue
        if e.organization_oid not in known_organizations:
            lacking.append(f"{e.organization_oid} нет в ФРМО")
        elif e.subdivision_oid is None:
            lacking.append(f"для «{e.position}» не указано структурное подразделение")
    return lacking


def organization_obstacle(
    p: Portfolio, today: date, known_organizations: set[str]
) -> Obstacle | None:
    period = report_period(p.reported_experience, today)
    proven = {d.employment_id for d in p.documents if d.purpose is Purpose.EMPLOYMENT_PROOF}
    if period is None and None not in proven:
        return Obstacle(
            "no_organization_data",
            "Нет сведений об организации: в ФРМР нет записи о вашей работе — обратитесь "
            f"к кадровой службе организации или {PROOF_HINT}",
            "organization",
        )
    if lacking := organization_data_lacking(p, today, known_organizations, proven):
        return Obstacle(
            "no_organization_data",
            f"Нет сведений об организации: {'; '.join(lacking)} — обратитесь к работодателю "
            f"для исправления или {PROOF_HINT}",
            "organization",
        )
    return None


def approval_obstacle(p: Portfolio, today: date) -> Obstacle | None:
    if p.approval_status in (ApprovalStatus.APPROVED, ApprovalStatus.NOT_REQUIRED):
        return None
    period = report_period(p.reported_experience, today)
    hint = (
        " Если вы уже уволились, а в ФРМР место работы открыто, отметьте дату увольнения: "
        "отчётный период закончится ею."
    )
    if period is not None and not period.employed_now:
        hint = (
            f" Вы сейчас не работаете: отчётный период заканчивается датой увольнения "
            f"({period.end.strftime('%d.%m.%Y')}) — укажите причину «не работаю»."
        )
    return Obstacle(
        "portfolio_not_approved",
        "Несогласованное портфолио: отправьте отчёт руководителю на согласование." + hint,
        "worker",
    )


def education_obstacle(p: Portfolio) -> Obstacle | None:
    if any(i.kind.professional for i in p.education):
        return None
    return Obstacle(
        "education_missing",
        "Нет сведений о профессиональном образовании: добавьте диплом или попросите "
        "организацию внести его в ФРМР",
        "worker",
    )


def hours_obstacle(
    p: Portfolio, today: date, speciality: Speciality, rule: HoursRule
) -> Obstacle | None:
    hours = count_hours(p.education, today=today, speciality=speciality, rule=rule)
    if hours.total >= rule.total_hours and hours.advanced_in_speciality >= rule.advanced_hours:
        return None
    since = hours.since.strftime("%d.%m.%Y")
    return Obstacle(
        "continuing_education_short",
        f"Недостаточно часов непрерывного образования с {since}: "
        f"{hours.total} из {rule.total_hours} ч, из них повышение квалификации"
        f"{' по специальности' if speciality else ''} — {hours.advanced_in_speciality} из "
        f"{rule.advanced_hours} ч (программы от {rule.min_program_hours} ч, "
        f"переподготовка от {rule.min_retraining_hours} ч; {rule.legal_act})",
        "worker",
    )


def surname_obstacle(p: Portfolio) -> Obstacle | None:
    """Documents in another surname need the document of its change (seed 002)."""
    if not p.last_name or any(d.purpose is Purpose.NAME_CHANGE for d in p.documents):
        return None
    current = person_key(p.last_name)
    others = sorted(
        {
            i.holder_last_name
            for i in p.education
            if i.holder_last_name and person_key(i.holder_last_name) != current
        }
    )
    if not others:
        return None
    return Obstacle(
        "surname_mismatch",
        f"Фамилия в документах ({', '.join(others)}) отличается от фамилии в ФРМР "
        f"({p.last_name}): приложите документ о смене фамилии",
        "worker",
    )


def documents_obstacle(p: Portfolio, limits: Limits) -> Obstacle | None:
    total = sum(d.size for d in p.documents)
    if len(p.documents) <= limits.max_files and total <= limits.max_bytes:
        return None
    return Obstacle(
        "documents_over_limit",
        f"Документы превышают лимит: {len(p.documents)} из {limits.max_files} файлов, "
        f"{megabytes(total)} из {megabytes(limits.max_bytes)} — удалите лишние",
        "worker",
    )


def obstacles(
    p: Portfolio,
    *,
    today: date,
    speciality: Speciality,
    rule: HoursRule,
    limits: Limits,
    known_organizations: set[str],
) -> list[Obstacle]:
    """Every obstacle, in the order users read them."""
    found = [
        organization_obstacle(p, today, known_organizations),
        approval_obstacle(p, today),
        education_obstacle(p),
        hours_obstacle(p, today, speciality, rule),
        surname_obstacle(p),
        documents_obstacle(p, limits),
    ]
    return [o for o in found if o is not None]
