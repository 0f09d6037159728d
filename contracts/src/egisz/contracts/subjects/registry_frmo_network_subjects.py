"""FRMO: where an organization works and how it joins the health system — its profile (actual
address, institution type), branches, affiliations and endpoints. Each answers the organization
as it now reads, and is an `organization.updated` event with its section."""

from __future__ import annotations

from egisz.contracts.registry import network, organizations
from egisz.contracts.subjects.registry_subjects import _r

_VIEW = organizations.OrganizationView

ORGANIZATION_PROFILE_SET = _r(
    "organization",
    "profile_set",
    network.SetOrganizationProfile,
    _VIEW,
    "An officer records the actual address (with coordinates) and the institution type.",
)
BRANCH_ADD = _r(
    "branch", "add", network.AddBranch, _VIEW, "An officer adds a branch with its address."
)
BRANCH_UPDATE = _r(
    "branch", "update", network.UpdateBranch, _VIEW, "A branch's name and address changed."
)
BRANCH_CLOSE = _r(
    "branch",
    "close",
    network.CloseBranch,
    _VIEW,
    "A branch closed from a day; its OID stays its own.",
)
AFFILIATION_ADD = _r(
    "affiliation",
    "add",
    network.AddAffiliation,
    _VIEW,
    "The organization is a clinical base of, or under, another in FRMO, from a day.",
)
AFFILIATION_END = _r(
    "affiliation", "end", network.EndAffiliation, _VIEW, "An affiliation ended on a day."
)
ENDPOINT_SET = _r(
    "endpoint",
    "set",
    network.SetEndpoint,
    _VIEW,
    "An information system's endpoint added or replaced (up to 20).",
)
ENDPOINT_REMOVE = _r("endpoint", "remove", network.RemoveEndpoint, _VIEW, "An endpoint removed.")
