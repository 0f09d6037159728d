"""The checks a submission must pass: every reason an application cannot go to the
accreditation center today, each with who can fix it. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from egisz.accreditation.domain.model import Learner
from egisz.accreditation.domain.status import Kind
from egisz.kernel.clock import months_before
from egisz.kernel.errors import Obstacle


@dataclass(frozen=True)
class Circumstances:
    """What the checks need to know, gathered by the use case from the other services."""

    in_frmr: bool
    learner: Learner | None = None  # from the register of students and graduates
    portfolio_obstacles: tuple[Obstacle, ...] = ()  # from the portfolio's readiness
    snapshot_error: str | None = None  # why «portfolio.xml» could not be built
    current_valid_until: date | None = None  # the accreditation in force in this speciality
    documents_bytes: int = 0


@dataclass(frozen=True)
class Rules:
    documents_max_bytes: int = 25 * 2**20
    earliest_months_before_expiry: int = 12


def submission_obstacles(
    kind: Kind,
    *,
    speciality: str,
    speciality_code: str | None = None,
    consent: bool,
    today: date,
    facts: Circumstances,
    rules: Rules,
) -> list[Obstacle]:
    """Every reason the application cannot go to the accreditation center today."""
    found: list[Obstacle] = []
    if not facts.in_frmr:
        found.extend(_outside_frmr(kind, (speciality, speciality_code), facts.learner, today))
    if not consent:
        found.append(
            Obstacle(
                "consent_missing",
                "Нужно согласие на обработку персональных данных",
                "worker",
            )
        )
    if facts.documents_bytes > rules.documents_max_bytes:
        found.append(
            Obstacle(
                "file_too_large",
                f"Ошибка валидации: документы заявления — {facts.documents_bytes / 2**20:.1f} МБ, "
                f"а можно не больше {rules.documents_max_bytes / 2**20:.0f} МБ",
                "worker",
            )
        )
    if kind is Kind.PERIODIC:
        if facts.snapshot_error is not None:
            found.append(
                Obstacle(
                    "portfolio_xml_failed",
                    f"Не удалось сформировать «portfolio.xml»: {facts.snapshot_error}",
                    "support",
                )
            )
        found.extend(facts.portfolio_obstacles)
    if facts.current_valid_until is not None:
        earliest = months_before(facts.current_valid_until, rules.earliest_months_before_expiry)
        if today < earliest:
            found.append(
                Obstacle(
                    "too_early",
                    f"Действующая аккредитация до {facts.current_valid_until.strftime('%d.%m.%Y')}"
                    f": подать заявление можно не раньше {earliest.strftime('%d.%m.%Y')}",
                    "worker",
                )
            )
    return found


def _outside_frmr(
    kind: Kind, applied: tuple[str, str | None], learner: Learner | None, today: date
) -> list[Obstacle]:
    """Someone not in FRMR applies through the cabinet only as a graduate, for primary
    accreditation in the speciality they completed (seed 001); anyone else by post."""
    if kind is Kind.PERIODIC or learner is None:
        return [
            Obstacle(
                "worker_not_in_frmr",
                "Сотрудник с указанным СНИЛС не найден в системе ФРМР"
                + (" и в Регистре обучающихся" if kind is not Kind.PERIODIC else "")
                + ": заявление можно подать только почтой, или работодателю нужно внести вас "
                "в ФРМР",
                "organization",
            )
        ]
    speciality, code = applied
    if learner.graduated_in(speciality, code, today=today):
        return []
    studying = learner.studies_towards(speciality, code)
    if studying is not None:
        return [
            Obstacle(
                "not_graduated",
                f"По Регистру обучающихся вы ещё учитесь по специальности «{studying.speciality}»"
                ": первичную аккредитацию проходят после окончания обучения",
                "worker",
            )
        ]
    return [
        Obstacle(
            "speciality_not_studied",
            f"В Регистре обучающихся нет оконченного обучения по специальности «{speciality}»: "
            "проверьте специальность, или образовательной организации нужно передать сведения",
            "worker",
        )
    ]
