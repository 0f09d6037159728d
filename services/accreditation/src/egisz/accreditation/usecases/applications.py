"""Applicants (our copy of FRMR); forming, reading, cancelling and submitting applications;
their extra documents."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from egisz.accreditation.domain.application import Application, ApplicationDocument
from egisz.accreditation.domain.errors import (
    ApplicationAlreadyActiveError,
    ApplicationDocumentNotFoundError,
    ApplicationNotFoundError,
    ApplicationNotReadyError,
    WorkerInFrmrError,
)
from egisz.accreditation.domain.model import (
    PAPER,
    Applicant,
    ContactDetails,
    Learner,
    PersonalData,
)
from egisz.accreditation.domain.status import Kind, Status
from egisz.accreditation.domain.submission import Circumstances, Rules, submission_obstacles
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import FieldProblem, InvalidInputError, Obstacle, RemoteRefusalError
from egisz.kernel.snils import normalize_snils, snils_problem
from egisz.runtime.files import FileStore, owned_file

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.accreditation.gateways import PortfolioGateway
    from egisz.accreditation.repository import AccreditationUnitOfWork


async def remember_applicant(
    uow: AccreditationUnitOfWork,
    *,
    worker_id: str,
    snils: str,
    personal: PersonalData,
    record_version: int,
    clock: Clock = utcnow,
) -> None:
    """Keep our copy of a worker's FRMR record: registered or updated, never rolled back. Someone
    known only from paper has entered FRMR: the passes they earned go to their record now."""
    async with uow:
        known = await uow.applicant(snils=snils)
        if known is not None and not known.in_frmr:
            await uow.drop_applicant(known.worker_id)
            for application_id in known.pending_passes:
                passed = await uow.applications.get(application_id)
                if passed is not None and passed.entered_frmr(worker_id):
                    await uow.applications.save(passed)
            known = None
        if known is None or known.newer(record_version):
            since = known.known_since if known else clock()
            await uow.save_applicant(Applicant(worker_id, snils, since, personal, record_version))
        await uow.commit()


async def remember_learner(uow: AccreditationUnitOfWork, *, learner: Learner) -> None:
    """Keep our copy of the register of students and graduates: the highest version wins."""
    async with uow:
        await uow.save_learner(learner)
        await uow.commit()


async def find_applicant(
    uow: AccreditationUnitOfWork, *, worker_id: str | None, snils: str | None
) -> Applicant | None:
    """A worker finds themself by their SNILS; anyone else names the worker."""
    if not (worker_id or snils):
        raise InvalidInputError.of("worker_id", "Укажите worker_id работника", "missing")
    async with uow:
        return await uow.applicant(worker_id=worker_id, snils=snils)


# --- applications ---------------------------------------------------------------------------
async def form_application(
    uow: AccreditationUnitOfWork,
    *,
    snils: str,
    actor: str,
    kind: Kind,
    speciality: str,
    education_level: str,
    consent: bool,
    comment: str | None,
    speciality_code: str | None = None,
    contacts: ContactDetails | None = None,
    clock: Clock = utcnow,
) -> Application:
    """Form an application; one active per worker and speciality. The name (and the contacts
    the applicant leaves out) come from FRMR, or for a graduate not in FRMR yet from the
    register of students and graduates."""
    async with uow:
        applicant = await uow.applicant(snils=snils)
        learner = None if applicant else await uow.learner(snils)
        if await uow.applications.active_for(snils, speciality) is not None:
            raise ApplicationAlreadyActiveError()
        application = Application.form(
            application_id=uuid.uuid4().hex,
            worker_id=applicant.worker_id if applicant else "",
            snils=snils,
            kind=kind,
            speciality=speciality,
            education_level=education_level,
            consent=consent,
            comment=comment,
            actor=actor,
            now=clock(),
            personal=applicant.personal if applicant else learner.personal if learner else None,
            speciality_code=speciality_code,
            contacts=contacts,
        )
        await uow.applications.add(application)
        await uow.commit()
    return application


async def read_application(
    uow: AccreditationUnitOfWork, *, application_id: str, snils: str | None
) -> Application:
    """An applicant reads only their own (`snils`); staff pass None."""
    async with uow:
        application = await uow.applications.get(application_id)
    if application is None or (snils is not None and application.snils != snils):
        raise ApplicationNotFoundError()
    return application


async def application_document(
    uow: AccreditationUnitOfWork, *, application_id: str, document_id: str, snils: str | None
) -> tuple[ApplicationDocument, str]:
    """A document of an application: its applicant's (`snils`) at any time; the center's staff
    (None) only once the package reached the center — before that it is not theirs to read.
    With it, whose it is (the applicant's SNILS)."""
    application = await read_application(uow, application_id=application_id, snils=snils)
    if snils is None and application.review_started_on is None:
        raise ApplicationNotFoundError()
    found = next((d for d in application.documents if d.document_id == document_id), None)
    if found is None:
        raise ApplicationDocumentNotFoundError()
    return found, application.snils


async def _change(
    uow: AccreditationUnitOfWork,
    application_id: str,
    change: Callable[[Application], object],
    *,
    snils: str | None = None,
) -> Application:
    """Load an application (the applicant's own when `snils` is given), apply one rule, save."""
    async with uow:
        application = await uow.applications.get(application_id)
        if application is None or (snils is not None and application.snils != snils):
            raise ApplicationNotFoundError()
        change(application)
        await uow.applications.save(application)
        await uow.commit()
    return application


async def cancel_application(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    snils: str,
    actor: str,
    clock: Clock = utcnow,
) -> Application:
    return await _change(
        uow, application_id, lambda a: a.cancel(actor=actor, now=clock()), snils=snils
    )


async def applications_of(
    uow: AccreditationUnitOfWork, *, snils: str, after: str | None, limit: int
) -> list[Application]:
    async with uow:
        return await uow.applications.of_worker(snils, after, limit)


async def submit_application(
    uow: AccreditationUnitOfWork,
    portfolio: PortfolioGateway,
    *,
    application_id: str,
    snils: str,
    rules: Rules,
    clock: Clock = utcnow,
) -> Application:
    """Run every submission check; refuse with all of them at once, or hand the application on
    to delivery. The portfolio's readiness is the source of the portfolio checks."""
    now = clock()
    async with uow:
        application = await uow.applications.get(application_id)
        applicant = await uow.applicant(snils=snils)
        learner = None if applicant else await uow.learner(snils)
        own = await uow.applications.of_worker(snils, None, 1000)
    if application is None or application.snils != snils:
        raise ApplicationNotFoundError()
    portfolio_obstacles, snapshot_id, snapshot_error = await portfolio_state(
        portfolio, application, applicant.worker_id if applicant else None
    )
    found = submission_obstacles(
        application.kind,
        speciality=application.speciality,
        speciality_code=application.speciality_code,
        consent=application.consent,
        today=now.date(),
        facts=Circumstances(
            in_frmr=applicant is not None,
            learner=learner,
            portfolio_obstacles=portfolio_obstacles,
            snapshot_error=snapshot_error,
            current_valid_until=valid_until(own, application),
            documents_bytes=application.documents_bytes,
        ),
        rules=rules,
    )
    if found:
        raise not_ready(found)
    async with uow:
        fresh = await uow.applications.get(application_id)
        assert fresh is not None
        fresh.submit(
            snapshot_id=snapshot_id,
            personal=applicant.personal if applicant else learner.personal if learner else None,
            now=now,
        )
        await uow.applications.save(fresh)
        await uow.commit()
    return fresh


async def portfolio_state(
    portfolio: PortfolioGateway, application: Application, worker_id: str | None
) -> tuple[tuple[Obstacle, ...], str | None, str | None]:
    """For a periodic application of someone in FRMR: the portfolio's obstacles, and when there
    are none, the snapshot taken for the center (or why it could not be)."""
    if application.kind is not Kind.PERIODIC or worker_id is None:
        return (), None, None
    obstacles = await portfolio.obstacles(
        worker_id, application.speciality, application.speciality_code
    )
    if obstacles:
        return obstacles, None, None
    try:
        return (), await portfolio.snapshot(worker_id), None
    except RemoteRefusalError as exc:
        return (), None, exc.message


def valid_until(own: list[Application], application: Application) -> date | None:
    """Until when the person's accreditation in this speciality is in force, if they passed one
    (the same speciality by the book's code where both have one)."""
    passed = [
        a.decision.valid_until
        for a in own
        if a.status is Status.PASSED
        and a.decision is not None
        and a.decision.valid_until is not None
        and a.same_speciality(application)
    ]
    return max(passed) if passed else None


def not_ready(found: list[Obstacle]) -> ApplicationNotReadyError:
    """Every obstacle at once, each under its own field."""
    return ApplicationNotReadyError(
        "; ".join(o.message for o in found),
        fields=[
            FieldProblem(f"obstacles.{o.code}", o.message, o.code, o.fixable_by) for o in found
        ],
        fixable_by=found[0].fixable_by,  # the first; each obstacle names its own
    )


# --- extra documents ------------------------------------------------------------------------
async def attach_document(
    uow: AccreditationUnitOfWork,
    files: FileStore,
    *,
    application_id: str,
    snils: str,
    owner: str,
    file_id: str,
    max_bytes: int,
) -> Application:
    info = await owned_file(files, file_id, owner)
    document = ApplicationDocument(info.file_id, info.filename, info.size)
    return await _change(
        uow, application_id, lambda a: a.attach(document, max_bytes=max_bytes), snils=snils
    )


# --- paper applications ---------------------------------------------------------------------
@dataclass(frozen=True)
class PaperApplication:
    """What the center reads off a paper application: the person, what they apply for, the
    day it arrived and the scans the operator uploaded."""

    snils: str
    personal: PersonalData
    kind: Kind
    speciality: str
    education_level: str
    received_on: date
    file_ids: list[str]
    speciality_code: str | None = None


async def register_paper_application(
    uow: AccreditationUnitOfWork,
    files: FileStore,
    paper: PaperApplication,
    *,
    actor: str,
    owner: str,
    rules: Rules,
    terms: ReviewTerms,
    clock: Clock = utcnow,
) -> Application:
    """The center takes in an application that came by post from someone not in FRMR (seed 000):
    its scans attached, under review from the day it arrived, reviewed like any other."""
    if problem := snils_problem(paper.snils):
        raise InvalidInputError.of("snils", problem, "invalid")
    snils = normalize_snils(paper.snils)
    scans = [await owned_file(files, file_id, owner) for file_id in paper.file_ids]
    documents = [ApplicationDocument(s.file_id, s.filename, s.size) for s in scans]
    if sum(d.size for d in documents) > rules.documents_max_bytes:
        raise InvalidInputError.of(
            "file_ids",
            f"Ошибка валидации: сканы больше {rules.documents_max_bytes / 2**20:.0f} МБ вместе",
            "too_large_together",
        )
    async with uow:
        known = await uow.applicant(snils=snils)
        if known is not None and known.in_frmr:
            raise WorkerInFrmrError()
        if await uow.applications.active_for(snils, paper.speciality) is not None:
            raise ApplicationAlreadyActiveError()
        application = Application.by_post(
            application_id=uuid.uuid4().hex,
            snils=snils,
            personal=paper.personal,
            kind=paper.kind,
            speciality=paper.speciality,
            education_level=paper.education_level,
            actor=actor,
            received_on=paper.received_on,
            now=clock(),
            terms=terms,
            speciality_code=paper.speciality_code,
        )
        application.documents.extend(documents)
        await uow.applications.add(application)
        await uow.commit()
    return application


async def remember_pass_outside_frmr(
    uow: AccreditationUnitOfWork, application: Application, clock: Clock = utcnow
) -> None:
    """A pass of someone not in FRMR (a paper application, or a graduate's from the cabinet):
    kept until they enter FRMR."""
    known = await uow.applicant(snils=application.snils)
    placeholder = known or Applicant(f"{PAPER}{application.snils}", application.snils, clock())
    if application.id not in placeholder.pending_passes:
        placeholder.pending_passes.append(application.id)
    placeholder.personal = placeholder.personal or application.personal
    await uow.save_applicant(placeholder)
