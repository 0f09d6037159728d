"""Who acts for an organization: the rule every service applies to FRMO's grants."""

from __future__ import annotations

from egisz.kernel.grants import AccessHolders


def test_a_grant_admits_a_person_until_a_revocation_dismisses_them() -> None:
    holders = AccessHolders.of(["112-233-445 95"])
    assert holders.admit("11223344595")  # written either way, the same person
    assert not holders.admit("12345678964")
    assert not holders.after(dismissed=["11223344595"]).admit("11223344595")


def test_a_person_is_held_once_and_nobody_is_admitted_without_a_snils() -> None:
    holders = AccessHolders.of(["11223344595"]).after(admitted=["112 233 445 95", ""])
    assert holders.snils == ("11223344595",)
    assert not holders.admit(None) and not holders.admit("")


def test_a_revocation_and_a_grant_in_one_change_leave_the_person_out() -> None:
    holders = AccessHolders().after(admitted=["11223344595"], dismissed=["11223344595"])
    assert holders == AccessHolders()
