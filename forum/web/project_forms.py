"""Forms of the project pages. Countries are rows of a country and a role and focal points rows of
members (forum.web.pickers), organizations are typed one a line, so no JavaScript is needed to add
one; the services check every value, and their errors land next to the field of the same name."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput, NumberInput

from forum.cooperation_reference import SUPPORT_LABELS
from forum.errors import ValidationError
from forum.experience_reference import COUNTRY_ROLES, MODALITIES
from forum.i18n import country_name
from forum.models import Community
from forum.services.project_reads import STATUS_LABELS
from forum.web.experience_forms import CheckboxesField
from forum.web.forms import choices, show_error
from forum.web.pickers import CountryRowsField, MembersField

MAX_ORGANIZATION_LINES = 40
DATE_DESCRIPTION = _l("YYYY-MM-DD, optional.")


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("5 to 200 characters."))
    summary = TextAreaField(_l("Summary"), description=_l("Markdown: **bold**, _italic_, lists, links."))
    objectives = TextAreaField(_l("Objectives"), description=_l("Markdown: **bold**, _italic_, lists, links."))
    modality = SelectField(_l("Cooperation modality"), validate_choice=False)
    themes = CheckboxesField(_l("Themes"), validate_choice=False, coerce=str)
    support_types = CheckboxesField(_l("Type of support"), validate_choice=False, coerce=str)
    countries = CountryRowsField(_l("Countries and their roles"), description=_l(
        "At least two countries: at least one offering and one receiving, or every one a partner."))
    organizations = TextAreaField(_l("Participating organizations"),
                                  description=_l("One a line: the country's two-letter code, then the name, for "
                                                 "example “BR Fiocruz”. The same name in the same country is one "
                                                 "organization."))
    focal_points = MembersField(_l("Other focal points"),
                                description=_l("One member a row, from the project's countries: type a name or a "
                                               "username. You are its first focal point."))
    planned_start = StringField(_l("Planned start"), widget=DateInput(), description=DATE_DESCRIPTION)
    planned_end = StringField(_l("Planned end"), widget=DateInput(), description=DATE_DESCRIPTION)
    actual_start = StringField(_l("Actual start"), widget=DateInput(), description=DATE_DESCRIPTION)
    actual_end = StringField(_l("Actual end"), widget=DateInput(), description=DATE_DESCRIPTION)
    offer_thread_id = StringField(_l("Offer it came from"), widget=NumberInput(min=1),
                                  description=_l("The number of the offer's thread (in its address), optional."))
    request_thread_id = StringField(_l("Request it came from"), widget=NumberInput(min=1),
                                    description=_l("The number of the request's thread (in its address), optional."))
    discussion_thread_id = StringField(_l("Discussion thread"), widget=NumberInput(min=1),
                                       description=_l("The number of the thread where progress is posted, optional."))
    note = TextAreaField(_l("Note about this change"), description=_l("Optional; kept with the revision."))

    def __init__(self, *args, communities: list[Community] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.modality.choices = choices([("", _l("Choose…")), *MODALITIES.items()])
        self.themes.choices = [(c.slug, c.localized_name()) for c in communities]
        self.support_types.choices = list(SUPPORT_LABELS.items())
        self.country_roles = list(COUNTRY_ROLES.items())

    def fill(self, project: Any) -> None:
        """Show the project as it is (GET of the edit form)."""
        for name in ("title", "summary", "objectives"):
            getattr(self, name).data = getattr(project, name) or ""
        self.modality.data = project.modality or ""
        self.themes.data = [c.slug for c in project.themes]
        self.support_types.data = list(project.support_types or [])
        for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
            value = getattr(project, name)
            getattr(self, name).data = value.isoformat() if value else ""
        for name in ("offer_thread_id", "request_thread_id", "discussion_thread_id"):
            value = getattr(project, name)
            getattr(self, name).data = str(value) if value else ""
        self.countries.data = [{"code": row.country, "role": row.role} for row in project.countries]
        self.organizations.data = "\n".join(f"{row.organization.country} {row.organization.name}"
                                             for row in project.organizations)

    def organization_rows(self) -> list[tuple[str, str]]:
        """(name, country) of each line "BR Fiocruz" (a line without a code leaves the country empty,
        for the service to refuse)."""
        rows = []
        for line in (self.organizations.data or "").splitlines()[:MAX_ORGANIZATION_LINES]:
            code, _sep, name = line.strip().partition(" ")
            if len(code) == 2 and code.isascii() and code.isalpha() and name.strip():
                rows.append((name.strip(), code.upper()))
            elif line.strip():
                rows.append((line.strip(), ""))
        return rows

    def values(self) -> dict[str, Any]:
        """The fields the services take (organizations and focal points are resolved by the view)."""
        data: dict[str, Any] = {name: getattr(self, name).data or "" for name in (
            "title", "summary", "objectives", "modality", "planned_start", "planned_end", "actual_start",
            "actual_end", "offer_thread_id", "request_thread_id", "discussion_thread_id")}
        data["themes"] = list(self.themes.data or [])
        data["support_types"] = list(self.support_types.data or [])
        data["countries"] = self.countries.value()
        return data

    def focal_point_names(self) -> list[str]:
        """As typed: usernames or display names (the view resolves them)."""
        return list(self.focal_points.data or [])

    def show_error(self, error: ValidationError) -> None:
        if error.field in ("organization_ids", "name", "country", "type"):
            self.organizations.errors = [*list(self.organizations.errors or []), error.message]
        elif error.field in ("focal_point_ids", "username"):
            self.focal_points.errors = [*list(self.focal_points.errors or []), error.message]
            self.focal_points.point_at(error.message)
        else:
            show_error(self, error)
            if error.field == "countries":
                self.countries.point_at(error.message)


class StatusForm(FlaskForm):
    to = SelectField(_l("New status"), validate_choice=False)
    note = TextAreaField(_l("Note"), description=_l("Required: say why (it is kept in the history and sent to "
                                                    "the other focal points)."))

    def __init__(self, *args, targets: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.to.choices = choices([(to, STATUS_LABELS[to]) for to in targets])


def _project_country_choices(project: Any) -> list:
    return choices([("", _l("Choose…")), *((c.country, country_name(c.country)) for c in project.countries)])


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), description=_l("At most 200 characters."))
    due_date = StringField(_l("Due date"), widget=DateInput(), description=_l("YYYY-MM-DD."))
    responsible_country = SelectField(_l("Responsible country"), validate_choice=False)
    done_date = StringField(_l("Done on"), widget=DateInput(), description=_l("YYYY-MM-DD, when it is done."))

    def __init__(self, *args, project: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.responsible_country.choices = _project_country_choices(project) if project is not None else []

    def fill(self, milestone: Any) -> None:
        self.title.data = milestone.title
        self.due_date.data = milestone.due_date.isoformat()
        self.responsible_country.data = milestone.responsible_country
        self.done_date.data = milestone.done_date.isoformat() if milestone.done_date else ""

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name).data or "" for name in ("title", "due_date", "responsible_country",
                                                                  "done_date")}


class BudgetLineForm(FlaskForm):
    country = SelectField(_l("Country"), validate_choice=False)
    amount = StringField(_l("Amount"), description=_l("For example 15000 or 1500.50."))
    currency = StringField(_l("Currency"), description=_l("ISO 4217 code, for example USD, BRL or EUR."))
    in_kind = BooleanField(_l("In kind (no amount)"))
    description = StringField(_l("Description"), description=_l("Required for a contribution in kind."))

    def __init__(self, *args, project: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _project_country_choices(project) if project is not None else []


class FocalPointForm(FlaskForm):
    username = StringField(_l("Username of the new focal point"),
                           description=_l("Type a name or a username."))


class DiscussionForm(FlaskForm):
    community = SelectField(_l("Community"), validate_choice=False)

    def __init__(self, *args, project: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.community.choices = [(c.slug, c.localized_name()) for c in project.themes] if project is not None else []
