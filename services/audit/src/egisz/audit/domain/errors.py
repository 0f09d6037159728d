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
