"""One async function per command or reaction: load → ask the model → save."""

# What the handlers and tests use, named (a star re-export hid where each lives).
from egisz.portfolio.usecases.approval import (
    Head,
    Officer,
    confirm_paper_approval,
    decide_approval,
    declare_not_required,
    document_for_head,
    register_signing_key,
    report_for_head,
    request_approval,
    waiting_on,
)
from egisz.portfolio.usecases.documents import attach_document, readable_document, remove_document
from egisz.portfolio.usecases.education import (
    assess_readiness,
    declare_education,
    import_nmo,
    note_name,
    project_registry_education,
    remove_education,
)
from egisz.portfolio.usecases.experience import (
    add_experience_line,
    mark_dismissal,
    remove_experience_line,
)
from egisz.portfolio.usecases.portfolios import (
    RegistryEvent,
    edit_professional_part,
    find_portfolio,
    note_access,
    note_organization,
    open_portfolio,
    organization_names,
    project_annulment,
    project_employment,
    read_portfolio,
)
from egisz.portfolio.usecases.snapshots import create_snapshot, read_snapshot

__all__ = [
    "Head",
    "Officer",
    "RegistryEvent",
    "add_experience_line",
    "assess_readiness",
    "attach_document",
    "confirm_paper_approval",
    "create_snapshot",
    "decide_approval",
    "declare_education",
    "declare_not_required",
    "document_for_head",
    "edit_professional_part",
    "find_portfolio",
    "import_nmo",
    "mark_dismissal",
    "note_access",
    "note_name",
    "note_organization",
    "open_portfolio",
    "organization_names",
    "project_annulment",
    "project_employment",
    "project_registry_education",
    "read_portfolio",
    "read_snapshot",
    "readable_document",
    "register_signing_key",
    "remove_document",
    "remove_education",
    "remove_experience_line",
    "report_for_head",
    "request_approval",
    "waiting_on",
]
