"""The registry's closed vocabularies (statuses, kinds, sections) and page size."""

from __future__ import annotations

from typing import Literal

Sex = Literal["male", "female"]
EducationLevel = Literal[
    "secondary_general",
    "secondary_professional",
    "higher",
    "internship",
    "residency",
    "advanced_training",
    "retraining",
]
EmploymentKind = Literal["main", "part_time"]
Category = Literal["second", "first", "highest"]
ReviewStatus = Literal["active", "in_review"]
DuplicateDecision = Literal["distinct", "duplicate"]
EntryKind = Literal["education", "certificate", "category", "employment"]
RevisionAction = Literal["corrected", "annulled"]
CorrectionStatus = Literal["open", "corrected", "declined"]
CorrectionSection = Literal[
    "personal",
    "identity_document",
    "addresses",
    "contacts",
    "education",
    "certificates",
    "accreditations",
    "categories",
    "employments",
    "other",
]

PAGE_MAX = 100
