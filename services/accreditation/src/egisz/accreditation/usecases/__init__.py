"""One async function per command or reaction."""

# What the handlers and tests use, named (a star re-export hid where each lives).
from egisz.accreditation.usecases.applications import (
    PaperApplication,
    application_document,
    applications_of,
    attach_document,
    cancel_application,
    find_applicant,
    form_application,
    read_application,
    register_paper_application,
    remember_applicant,
    remember_learner,
    submit_application,
)
from egisz.accreditation.usecases.extracts import (
    RenderExtract,
    extract_queue,
    extracts_of,
    issue_extract,
    order_extract,
    read_extract,
    refuse_extract,
    verify_extract,
)
from egisz.accreditation.usecases.review import (
    check_documents,
    decide_application,
    deliver_application,
    flag_missed_deadlines,
    reject_application,
    review_queue,
)
from egisz.accreditation.usecases.standing import change_standing

__all__ = [
    "PaperApplication",
    "RenderExtract",
    "application_document",
    "applications_of",
    "attach_document",
    "cancel_application",
    "change_standing",
    "check_documents",
    "decide_application",
    "deliver_application",
    "extract_queue",
    "extracts_of",
    "find_applicant",
    "flag_missed_deadlines",
    "form_application",
    "issue_extract",
    "order_extract",
    "read_application",
    "read_extract",
    "refuse_extract",
    "register_paper_application",
    "reject_application",
    "remember_applicant",
    "remember_learner",
    "review_queue",
    "submit_application",
    "verify_extract",
]
