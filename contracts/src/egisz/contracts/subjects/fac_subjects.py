"""The accreditation center's commands: served by the `fac` stand-in, or a real center."""

from __future__ import annotations

from egisz.contracts import fac
from egisz.contracts.subjects.naming import Command

FAC_INTAKE = Command(
    "egisz.fac.cmd.package.intake",
    fac.ApplicationPackage,
    fac.IntakeReceipt,
    "The accreditation center receives an application's package and answers with its receipt.",
)
FAC_PACKAGE_LIST = Command(
    "egisz.fac.cmd.package.list",
    fac.ListPackages,
    fac.PackageJournal,
    "The center's journal: packages in the order they arrived, with their intake numbers.",
)
