"""FRMO's registration act: downloaded by the organization, checked by anyone."""

from __future__ import annotations

from egisz.contracts import files
from egisz.contracts.registry import acts
from egisz.contracts.subjects.registry_subjects import _r

ACT_DOWNLOAD = _r(
    "organization",
    "act_download",
    acts.DownloadRegistrationAct,
    files.FilePart,
    "The registration act's PDF, part by part: the organization's officers or the desk.",
)
ACT_VERIFY = _r(
    "organization",
    "act_verify",
    acts.VerifyRegistrationAct,
    acts.RegistrationActVerification,
    "Anyone checks a registration act by its code (no token): the organization and the signature.",
)
