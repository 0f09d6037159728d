"""Reference books' refusals."""

from __future__ import annotations

from egisz.kernel.errors import ConflictError, FieldProblem, InvalidInputError, NotFoundError
from egisz.registry.domain.errors import RegistryError


class DictionaryNotFoundError(RegistryError, NotFoundError):
    code = "dictionary_not_found"
    default_message = "Нет такого справочника: проверьте OID (список — dictionary.list)"
    fixable_by = "support"


class DictionaryVersionNotFoundError(RegistryError, NotFoundError):
    code = "dictionary_version_not_found"
    default_message = "У справочника нет такой версии: список версий — dictionary.get"


class DictionaryEntryNotFoundError(RegistryError, NotFoundError):
    code = "dictionary_entry_not_found"
    default_message = "В справочнике нет записи с таким кодом на эту дату"


class VersionChangedError(RegistryError, ConflictError):
    code = "dictionary_version_changed"
    default_message = (
        "Эта версия справочника уже загружена с другим содержанием: версия ФНСИ не меняется, "
        "загрузите новую версию с новым номером"
    )
    fixable_by = "support"


class DictionaryFileError(RegistryError, InvalidInputError):
    """What is wrong with an uploaded file, said of the field that names it (`file_id`)."""

    code = "dictionary_file_invalid"
    default_message = "Файл справочника не прочитан: нужен JSON или ZIP из ФНСИ"
    fixable_by = "support"

    def __init__(self, message: str | None = None, *, field: str = "file_id") -> None:
        said = message or self.default_message
        super().__init__(said, fields=[FieldProblem(field, said, "format")])
