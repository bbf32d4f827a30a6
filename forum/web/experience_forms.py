"""Forms of the experience pages. Countries and people are rows of pickers (forum.web.pickers), other
lists are typed one item a line (no JavaScript needed); the service checks every value, and its
ValidationError lands next to the field of the same name."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

from forum.experience_reference import COUNTRY_ROLES, LICENSES, MODALITIES, SDG_TARGETS, SECTIONS
from forum.services.profiles import resolve_member_names
from forum.web.forms import attachment_field, choices, content_language_choices
from forum.web.pickers import CountryRowsField, MembersField

MONTHS = [("", _l("Month (optional)")), *((str(n), f"{n:02d}") for n in range(1, 13))]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PromoteForm(FlaskForm):
    post_ids = CheckboxesField(_l("Posts to quote as evidence"), validate_choice=False, coerce=str)


class ExperienceForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("5 to 200 characters."))
    summary = TextAreaField(_l("Summary"), description=_l("Plain text, at most 600 characters."))
    # A protocol, a report, a picture: its link goes at the end of "References and links".
    file = attachment_field()
    modality = SelectField(_l("Cooperation modality"), validate_choice=False)
    countries = CountryRowsField(_l("Countries involved"),
                                 description=_l("Each country and its role. Leave a row on “—” to skip it."))
    partner_organizations = TextAreaField(_l("Partner organizations"), description=_l("One a line."))
    themes = CheckboxesField(_l("Themes"), validate_choice=False, coerce=str)
    sdg_targets = CheckboxesField(_l("SDG 3 targets"), validate_choice=False, coerce=str)
    start_year = StringField(_l("Start year"), widget=NumberInput(min=1950, max=2100))
    start_month = SelectField(_l("Start month"), validate_choice=False)
    end_year = StringField(_l("End year"), widget=NumberInput(min=1950, max=2100),
                           description=_l("Leave empty when the experience is ongoing."))
    end_month = SelectField(_l("End month"), validate_choice=False)
    is_ongoing = BooleanField(_l("Ongoing"))
    language = SelectField(_l("Language of the record"), validate_choice=False)
    license = SelectField(_l("License"), validate_choice=False)
    context = TextAreaField(SECTIONS["context"])
    objectives = TextAreaField(SECTIONS["objectives"])
    activities = TextAreaField(SECTIONS["activities"])
    results = TextAreaField(SECTIONS["results"], description=_l("With indicators where known."))
    lessons = TextAreaField(SECTIONS["lessons"])
    sustainability = TextAreaField(SECTIONS["sustainability"])
    funding = TextAreaField(SECTIONS["funding"], description=_l("Optional."))
    references = TextAreaField(SECTIONS["references"])
    contributors = MembersField(_l("Contributors (credited)"),
                                description=_l("One member a row: type a name or a username."))
    contacts = MembersField(_l("Contacts"), description=_l("Members readers may contact, one a row: type a name or "
                                                           "a username."))
    # Only for a published record: the line its public changelog shows.
    change_note = StringField(_l("What did you correct?"),
                              description=_l("Required: one short line for the public changelog, for "
                                             "example “corrected the period”. At most 200 characters."))

    def __init__(self, *args, communities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.modality.choices = choices([("", _l("Choose…")), *MODALITIES.items()])
        self.country_roles = list(COUNTRY_ROLES.items())
        self.themes.choices = [(c.slug, c.localized_name()) for c in communities]
        self.sdg_targets.choices = [(code, f"{code} {label}") for code, label in SDG_TARGETS.items()]
        self.start_month.choices = choices(MONTHS)
        self.end_month.choices = choices(MONTHS)
        self.language.choices = content_language_choices()
        self.license.choices = choices(LICENSES.items())

    def fill(self, snapshot: dict[str, Any]) -> None:
        """Show the record as it is (GET)."""
        for name in ("title", "summary", "modality", "language", "license", *SECTIONS):
            getattr(self, name).data = snapshot[name] or ""
        self.countries.data = [dict(c) for c in snapshot["countries"]]
        self.partner_organizations.data = "\n".join(snapshot["partner_organizations"])
        self.themes.data = list(snapshot["themes"])
        self.sdg_targets.data = list(snapshot["sdg_targets"])
        for name in ("start_year", "start_month", "end_year", "end_month"):
            getattr(self, name).data = "" if snapshot[name] is None else str(snapshot[name])
        self.is_ongoing.data = snapshot["is_ongoing"]
        self.contributors.data = list(snapshot["contributors"])
        self.contacts.data = list(snapshot["contacts"])

    def values(self) -> dict[str, Any]:
        """What was typed, in the shape the service takes (it validates everything). Names typed into
        the member pickers become usernames here; one shared by several members is refused."""
        data: dict[str, Any] = {name: getattr(self, name).data or "" for name in (
            "title", "summary", "modality", "language", "license", *SECTIONS,
            "start_year", "start_month", "end_year", "end_month")}
        data["is_ongoing"] = bool(self.is_ongoing.data)
        data["countries"] = self.countries.value()
        data["partner_organizations"] = _lines(self.partner_organizations.data)
        data["themes"] = list(self.themes.data or [])
        data["sdg_targets"] = list(self.sdg_targets.data or [])
        for name in ("contributors", "contacts"):
            data[name] = resolve_member_names(current_user, getattr(self, name).data, name)
        return data


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TransitionForm(FlaskForm):
    comment = TextAreaField(_l("Comment for the editors"),
                            description=_l("Required when you request changes."))


class EditorForm(FlaskForm):
    username = StringField(_l("Username of the new editor"), description=_l("Type a name or a username."))


class TranslationForm(FlaskForm):
    """A translation's text; the language is chosen when it is created."""

    language = SelectField(_l("Translate into"), validate_choice=False)
    title = StringField(_l("Title"), description=_l("5 to 200 characters."))
    summary = TextAreaField(_l("Summary"), description=_l("Plain text, at most 600 characters."))
    context = TextAreaField(SECTIONS["context"])
    objectives = TextAreaField(SECTIONS["objectives"])
    activities = TextAreaField(SECTIONS["activities"])
    results = TextAreaField(SECTIONS["results"])
    lessons = TextAreaField(SECTIONS["lessons"])
    sustainability = TextAreaField(SECTIONS["sustainability"])
    funding = TextAreaField(SECTIONS["funding"])
    references = TextAreaField(SECTIONS["references"])

    def fill(self, text: dict[str, str]) -> None:
        for name in ("title", "summary", *SECTIONS):
            getattr(self, name).data = text.get(name) or ""

    def values(self) -> dict[str, Any]:
        """What was typed (the service checks it)."""
        return {name: getattr(self, name).data or "" for name in ("title", "summary", *SECTIONS)}
class CompendiumForm(FlaskForm):
    """The records (ticked in the list of the library's filtered records), the language, the title.
    The service checks every value."""

    experience_ids = CheckboxesField(_l("Experiences in the compendium"), validate_choice=False, coerce=str)
    language = SelectField(_l("Language of the compendium"), validate_choice=False,
                           description=_l("Headings, facts and country names; each experience in this language "
                                          "where it has a published translation, else in its own."))
    title = StringField(_l("Title"), description=_l("Optional: “Compendium of documented experiences” when empty."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = content_language_choices()
