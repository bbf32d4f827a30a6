"""Two form fields made of rows, for the country picker and the member picker of the edit forms
(templates/_pickers.html draws them; static/js/pickers.js adds rows and suggestions).

Each row's inputs share one name, so a browser sends them as lists in the order of the page and
a script may add a row by copying one: no numbering to keep in step. The fields hand the services
the same values the old one-a-line text areas did ([{"code", "role"}], usernames): the services
still check everything and name the field in their errors.
"""

from functools import cache
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import Field
from wtforms.utils import unset_value

from forum.charts.americas import AMERICAS_SET
from forum.i18n import country_choices, current_language

EMPTY_COUNTRY_ROWS = 4  # rows shown under the record's countries (more with the "Add" button)
EMPTY_MEMBER_ROWS = 2
MAX_ROWS = 40  # forum.services.experience_fields.MAX_LIST: more is refused there, with its message


class CountryRowsField(Field):
    """Rows of a country and its role, sent as the lists `country` and `country_role`."""

    def __init__(self, label=None, validators=None, *, code_name: str = "country", role_name: str = "country_role",
                 **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.code_name, self.role_name = code_name, role_name
        self.error_row = 0

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.process_errors = []
        self.object_data = data
        self.data = [] if data is unset_value or data is None else list(data)
        if formdata is not None and (self.code_name in formdata or self.role_name in formdata):
            codes = formdata.getlist(self.code_name)[: MAX_ROWS + 1]
            roles = formdata.getlist(self.role_name)
            self.data = [{"code": code.strip().upper(), "role": (roles[i] if i < len(roles) else "").strip()}
                         for i, code in enumerate(codes) if code.strip()]

    def rows(self) -> list[dict[str, str]]:
        """The rows to draw: the chosen countries, then empty ones."""
        return [*self.data, *({"code": "", "role": ""} for _ in range(EMPTY_COUNTRY_ROWS))]

    def value(self) -> list[dict[str, str]]:
        return [{"code": row["code"], "role": row["role"]} for row in self.data if row["code"]]

    def point_at(self, message: str) -> None:
        """Send the error summary's link to the row the service's message names ("XX is not...")."""
        named = [i for i, row in enumerate(self.data) if row["code"] and row["code"] in message]
        self.error_row = named[-1] if named else 0  # "PE is listed twice": the second PE

    def options(self, code: str) -> Markup:
        """The <option>s of a row's country select, `code` selected. An unknown code (refused by
        the service) is kept as an option of its own, so the row shows what was sent."""
        html = _country_options(current_language(), _("The Americas"), _("Other countries"))
        if not code:
            return html
        marker = Markup('<option value="{}">').format(code)
        if marker in html:
            return html.replace(marker, Markup('<option value="{}" selected>').format(code), 1)
        return Markup('<option value="{0}" selected>{0}</option>').format(code) + html


@cache
def _country_options(language: str, americas: str, world: str) -> Markup:
    """The Americas first (the region of the platform), then the rest of the world for partners
    from elsewhere (triangular cooperation), each by its name in the reader's language. Built once
    per language: a form shows this list on every row."""
    every = country_choices()
    option = Markup('<option value="{}">{}</option>')

    def group(label: str, pairs: list[tuple[str, str]]) -> Markup:
        return Markup('<optgroup label="{}">{}</optgroup>').format(
            label, Markup("").join(option.format(code, name) for code, name in pairs))

    return (group(americas, [pair for pair in every if pair[0] in AMERICAS_SET])
            + group(world, [pair for pair in every if pair[0] not in AMERICAS_SET]))


class MembersField(Field):
    """Rows of one member each (a username or a display name), sent as a list under the field's
    name. A value with line breaks (an old form, a script) counts as one member a line."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.error_row = 0

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.process_errors = []
        self.object_data = data
        self.data = [] if data is unset_value or data is None else list(data)
        if formdata is not None and self.name in formdata:
            self.data = [line.strip() for value in formdata.getlist(self.name)[: MAX_ROWS + 1]
                         for line in value.splitlines() if line.strip()][: MAX_ROWS + 1]

    def rows(self) -> list[str]:
        return [*self.data, *("" for _ in range(EMPTY_MEMBER_ROWS))]

    def point_at(self, message: str) -> None:
        lowered = message.lower()
        named = [i for i, name in enumerate(self.data) if name.lstrip("@").lower() in lowered]
        self.error_row = named[0] if named else 0


def point_errors_at_rows(form: Any) -> None:
    """After a service's error is shown on a field of rows, aim the summary's link at its row."""
    for field in form:
        if isinstance(field, CountryRowsField | MembersField) and field.errors:
            field.point_at(str(field.errors[0]))
