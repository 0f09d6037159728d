"""What accreditation's entry points need, built by `app.py`, and what several of them share: the
speciality read through the book, whose own application a reader sees, the deadline timer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from egisz.accreditation import usecases
from egisz.accreditation.domain.application import Application
from egisz.accreditation.domain.extract import Extract
from egisz.accreditation.domain.submission import Rules
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.gateways import ApplicationCenter, PortfolioGateway, SpecialityBook
from egisz.accreditation.repository import AccreditationUnitOfWork
from egisz.accreditation.wire import application_view, extract_view, extracts_page
from egisz.contracts.accreditation import ApplicationView, ExtractsPage, ExtractView
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.kernel.clock import utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.kernel.signatures import Signer
from egisz.runtime.files import FileStore
from egisz.runtime.logging import get_logger
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import UnitOfWorkFactory

log = get_logger("egisz.accreditation")


@dataclass(frozen=True)
class Dependencies:
    """What `app.py` builds for the entry points. Stores and gateways are factories: the
    connections they use exist only once the runtime has started."""

    units: UnitOfWorkFactory[AccreditationUnitOfWork]
    rules: Rules
    terms: ReviewTerms
    portfolio: Callable[[], PortfolioGateway]
    specialities: SpecialityBook
    center: Callable[[], ApplicationCenter]
    documents: Callable[[], FileStore]
    extracts: Callable[[], FileStore]
    signer: Signer | None
    render: usecases.RenderExtract


async def check_deadlines(deps: Dependencies) -> None:
    """The timer's entry point: flag the review stages that ran past their working days."""
    flagged = await usecases.flag_missed_deadlines(deps.units, today=utcnow().date())
    if flagged:
        log.info("review deadlines missed", flagged=flagged)


async def speciality_of(
    deps: Dependencies, code: str | None, text: str | None, *, on: date
) -> tuple[str, str | None]:
    """The speciality's name and code: by the code in the registry's specialities' book (its
    name wins), or the text where no code is given."""
    if code:
        return await deps.specialities.name(code, on=on), code
    if not text or not text.strip():
        raise InvalidInputError.of(
            "speciality_code",
            "Укажите специальность: код из номенклатуры специальностей или текстом",
            "missing",
        )
    return text, None


def own_snils(ctx: CommandContext) -> str | None:
    """A worker reads only their own; staff read any."""
    return ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None


# What a reply shows of whose application, for the audit journal (`CommandContext.disclosed`).
def application_seen(ctx: CommandContext, a: Application) -> ApplicationView:
    contacts = [DataPart.CONTACTS] if a.contacts.email or a.contacts.phone else []
    ctx.disclosed(a.snils, DataPart.APPLICATION, *contacts)
    return application_view(a)


def extract_seen(ctx: CommandContext, e: Extract) -> ExtractView:
    ctx.disclosed(e.snils, DataPart.APPLICATION)
    return extract_view(e)


def extracts_seen(ctx: CommandContext, found: list[Extract], limit: int) -> ExtractsPage:
    for e in found:
        ctx.disclosed(e.snils, DataPart.APPLICATION)
    return extracts_page(found, limit)
