"""The journal's refusals: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.kernel.errors import FieldProblem, ForbiddenError, InvalidInputError


class NotAPersonError(ForbiddenError):
    """The journal shows a person what was done with their data: it needs their SNILS."""

    code = "not_a_person"
    default_message = "В токене нет СНИЛС: журнал доступа показывается только самому человеку"
    fixable_by = "support"


class SearchTooWideError(InvalidInputError):
    code = "search_too_wide"
    default_message = (
        "Назовите человека (person_snils или actor_snils) или организацию (actor_org): "
        "журнал не читают целиком"
    )

    def __init__(self) -> None:
        super().__init__(
            fields=[FieldProblem("person_snils", self.default_message, "search_too_wide")]
        )


class NotAnAuthorityMemberError(ForbiddenError):
    """The regulator role in a token is not enough: the register of authorities (reporting's,
    followed here) must count the person among an authority's members."""

    code = "not_an_authority_member"
    default_message = (
        "Вы не числитесь в реестре органов, читающих отчёты: журнал аудита открыт их "
        "сотрудникам — обратитесь в службу поддержки"
    )
    fixable_by = "support"


class OutsideRegionError(ForbiddenError):
    """A region's authority searches the journal of its own region's organizations: an
    organization it names (`actor_org`) is one FRMO recorded in that region."""

    code = "outside_your_region"
    default_message = (
        "Региональный орган ищет по журналу организаций своего региона: эта организация "
        "в реестре не из вашего региона"
    )
    fixable_by = "organization"

    def __init__(self, region: str | None) -> None:
        message = f"{self.default_message} ({region})" if region else self.default_message
        super().__init__(
            message,
            fields=[FieldProblem("actor_org", message, self.code)],
            details={"region": region or ""},
        )
