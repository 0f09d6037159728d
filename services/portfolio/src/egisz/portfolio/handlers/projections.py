"""What the portfolio keeps of the registers: each registry event projected into the portfolio it
concerns (or the organizations and access it reads), in the transaction the runtime marks as
that event's."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import (
    AccessGranted,
    AccessRevoked,
    AccreditationRecorded,
    CategoryAssigned,
    CertificateAdded,
    EducationAdded,
    EmploymentEnded,
    EmploymentStarted,
    EntryAnnulled,
    EntryCorrected,
    OrganizationRegistered,
    OrganizationUpdated,
    WorkerRegistered,
    WorkerUpdated,
)
from egisz.kernel.snils import normalize_snils
from egisz.portfolio import usecases
from egisz.portfolio.handlers.dependencies import Dependencies
from egisz.portfolio.inputs import full_name
from egisz.portfolio.settings import Consumer
from egisz.portfolio.wire import experience_entry, reaction, registry_education
from egisz.runtime.routing import Router

router = Router[Dependencies]()


async def note_organization(
    event: CloudEvent[OrganizationRegistered] | CloudEvent[OrganizationUpdated], deps: Dependencies
) -> None:
    data = event.data
    await usecases.note_organization(
        deps.units(event),
        oid=data.oid,
        name=data.name,
        head_name=data.head_name,
        legal_form=data.legal_form,
        head_snils=data.head_snils,
    )


@router.consumer(subjects.ORGANIZATION_REGISTERED, name=Consumer.ORGANIZATION_REGISTERED)
async def on_organization_registered(
    event: CloudEvent[OrganizationRegistered], deps: Dependencies
) -> None:
    await note_organization(event, deps)


@router.consumer(subjects.ORGANIZATION_UPDATED, name=Consumer.ORGANIZATION_UPDATED)
async def on_organization_updated(
    event: CloudEvent[OrganizationUpdated], deps: Dependencies
) -> None:
    await note_organization(event, deps)


@router.consumer(subjects.ACCESS_GRANTED, name=Consumer.ACCESS_GRANTED)
async def on_access_granted(event: CloudEvent[AccessGranted], deps: Dependencies) -> None:
    data = event.data
    await usecases.note_access(
        deps.units(event),
        oid=data.organization_oid,
        admitted=[normalize_snils(e.snils) for e in data.employees],
        dismissed=[],
    )


@router.consumer(subjects.ACCESS_REVOKED, name=Consumer.ACCESS_REVOKED)
async def on_access_revoked(event: CloudEvent[AccessRevoked], deps: Dependencies) -> None:
    data = event.data
    await usecases.note_access(
        deps.units(event),
        oid=data.organization_oid,
        admitted=[],
        dismissed=[normalize_snils(data.snils)],
    )


@router.consumer(subjects.WORKER_REGISTERED, name=Consumer.WORKER_REGISTERED)
async def on_worker_registered(event: CloudEvent[WorkerRegistered], deps: Dependencies) -> None:
    data = event.data
    await usecases.open_portfolio(
        deps.units(event),
        worker_id=data.worker_id,
        snils=data.snils,
        last_name=data.last_name,
        full_name=full_name(data),
    )


@router.consumer(subjects.WORKER_UPDATED, name=Consumer.WORKER_UPDATED)
async def on_worker_updated(event: CloudEvent[WorkerUpdated], deps: Dependencies) -> None:
    data = event.data
    await usecases.note_name(deps.units(event), reaction(event), data.last_name, full_name(data))


RegistryEducation = (
    CloudEvent[EducationAdded]
    | CloudEvent[CertificateAdded]
    | CloudEvent[CategoryAssigned]
    | CloudEvent[AccreditationRecorded]
)


async def project_education(event: RegistryEducation, deps: Dependencies) -> None:
    await usecases.project_registry_education(
        deps.units(event), reaction(event), registry_education(event.data)
    )


@router.consumer(subjects.EDUCATION_ADDED, name=Consumer.EDUCATION_ADDED)
async def on_education_added(event: CloudEvent[EducationAdded], deps: Dependencies) -> None:
    await project_education(event, deps)


@router.consumer(subjects.CERTIFICATE_ADDED, name=Consumer.CERTIFICATE_ADDED)
async def on_certificate_added(event: CloudEvent[CertificateAdded], deps: Dependencies) -> None:
    await project_education(event, deps)


@router.consumer(subjects.CATEGORY_ASSIGNED, name=Consumer.CATEGORY_ASSIGNED)
async def on_category_assigned(event: CloudEvent[CategoryAssigned], deps: Dependencies) -> None:
    await project_education(event, deps)


@router.consumer(subjects.ACCREDITATION_RECORDED, name=Consumer.ACCREDITATION_RECORDED)
async def on_accreditation_recorded(
    event: CloudEvent[AccreditationRecorded], deps: Dependencies
) -> None:
    await project_education(event, deps)


async def project_employment(
    event: CloudEvent[EmploymentStarted] | CloudEvent[EmploymentEnded], deps: Dependencies
) -> None:
    await usecases.project_employment(
        deps.units(event), reaction(event), experience_entry(event.data)
    )


@router.consumer(subjects.EMPLOYMENT_STARTED, name=Consumer.EMPLOYMENT_STARTED)
async def on_employment_started(event: CloudEvent[EmploymentStarted], deps: Dependencies) -> None:
    await project_employment(event, deps)


@router.consumer(subjects.EMPLOYMENT_ENDED, name=Consumer.EMPLOYMENT_ENDED)
async def on_employment_ended(event: CloudEvent[EmploymentEnded], deps: Dependencies) -> None:
    await project_employment(event, deps)


@router.consumer(subjects.ENTRY_CORRECTED, name=Consumer.ENTRY_CORRECTED)
async def on_entry_corrected(event: CloudEvent[EntryCorrected], deps: Dependencies) -> None:
    data = event.data
    unit, react = deps.units(event), reaction(event)
    if data.employment is not None:
        await usecases.project_employment(unit, react, experience_entry(data))
    else:
        await usecases.project_registry_education(unit, react, registry_education(data))


@router.consumer(subjects.ENTRY_ANNULLED, name=Consumer.ENTRY_ANNULLED)
async def on_entry_annulled(event: CloudEvent[EntryAnnulled], deps: Dependencies) -> None:
    await usecases.project_annulment(deps.units(event), reaction(event), event.data.entry_id)
