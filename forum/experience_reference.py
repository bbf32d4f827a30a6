"""Reference lists of documented experiences: modalities, country roles, SDG 3 targets, sections.

Codes are stored; labels are shown (marked for translation). The SDG 3 labels are the short
titles the United Nations uses for the targets of Goal 3 ("Ensure healthy lives and promote
well-being for all at all ages"); the code is the official target number.
"""

from flask_babel import lazy_gettext as _l

from forum.content_language import CONTENT_LANGUAGE_NAMES

MODALITIES = {
    "south_south": _l("South-South"),
    "triangular": _l("Triangular"),
    "bilateral": _l("Bilateral"),
    "regional": _l("Regional"),
    "multi_country": _l("Multi-country"),
    "north_south": _l("North-South"),
}

COUNTRY_ROLES = {
    "offering": _l("Offering"),
    "receiving": _l("Receiving"),
    "partner": _l("Partner"),
}

SDG_TARGETS = {
    "3.1": _l("Reduce maternal mortality"),
    "3.2": _l("End all preventable deaths under 5 years of age"),
    "3.3": _l("Fight communicable diseases"),
    "3.4": _l("Reduce mortality from non-communicable diseases and promote mental health"),
    "3.5": _l("Prevent and treat substance abuse"),
    "3.6": _l("Reduce road injuries and deaths"),
    "3.7": _l("Universal access to sexual and reproductive care, family planning and education"),
    "3.8": _l("Achieve universal health coverage"),
    "3.9": _l("Reduce illnesses and deaths from hazardous chemicals and pollution"),
    "3.a": _l("Implement the WHO Framework Convention on Tobacco Control"),
    "3.b": _l("Support research, development and universal access to affordable vaccines and medicines"),
    "3.c": _l("Increase health financing and support health workforce in developing countries"),
    "3.d": _l("Improve early warning systems for global health risks"),
}

# The long Markdown sections of the record, in reading order.
SECTIONS = {
    "context": _l("Context and problem"),
    "objectives": _l("Objectives"),
    "activities": _l("What was done"),
    "results": _l("Results"),
    "lessons": _l("Lessons learned"),
    "sustainability": _l("Sustainability and replicability"),
    "funding": _l("Funding"),
    "references": _l("References and links"),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}

# The languages a record may be written in: those of the forum's content.
LANGUAGES = CONTENT_LANGUAGE_NAMES

LICENSES = {
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
    "CC0-1.0": "Creative Commons Zero 1.0 (CC0)",
}
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
DEFAULT_LICENSE = "CC-BY-4.0"

# "assessment" and "validated" are derived by forum.services.experience_assessment.
FACETS = ("country", "theme", "modality", "sdg", "year", "lang", "assessment", "validated")

# What the revision diffs call each field of a snapshot.
FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "modality": _l("Cooperation modality"),
    "countries": _l("Countries involved"),
    "partner_organizations": _l("Partner organizations"),
    "themes": _l("Themes"),
    "sdg_targets": _l("SDG 3 targets"),
    "start_year": _l("Start year"),
    "start_month": _l("Start month"),
    "end_year": _l("End year"),
    "end_month": _l("End month"),
    "is_ongoing": _l("Ongoing"),
    "language": _l("Language"),
    "license": _l("License"),
    **SECTIONS,
    "contributors": _l("Contributors"),
    "contacts": _l("Contacts"),
}

FACET_LABELS = {
    "country": _l("Country"),
    "theme": _l("Theme"),
    "modality": _l("Modality"),
    "sdg": _l("SDG 3 target"),
    "year": _l("Year"),
    "lang": _l("Language"),
    "assessment": _l("Good-practice assessment"),
    "validated": _l("Validation by the countries"),
}

# ---------- good-practice assessment (PAHO) and validation by the countries ----------

# Every core attribute the technical assessment may score; config GOOD_PRACTICE_ATTRIBUTES picks
# which, in which order (PAHO's five by default).
GOOD_PRACTICE_ATTRIBUTES = {
    "effectiveness": _l("Effectiveness"),
    "cost_effectiveness": _l("Cost-effectiveness"),
    "efficiency": _l("Efficiency"),
    "sustainability": _l("Sustainability"),
    "replicability": _l("Replicability and adaptability"),
    "relevance": _l("Relevance"),
    "equity": _l("Equity"),
    "community_participation": _l("Community participation"),
}
DEFAULT_GOOD_PRACTICE_ATTRIBUTES = ("effectiveness", "cost_effectiveness", "efficiency", "sustainability",
                                    "replicability")

# The basic screening's checklist (forum.models.assessment.SCREENING_CHECKS).
SCREENING_CHECK_LABELS = {
    "results_documented": _l("Its results are documented"),
    "implemented_one_year": _l("It has run for at least a year, or is completed"),
    "consent_obtained": _l("The people quoted consented"),
    "contacts_available": _l("Contacts are available"),
}

# What a score of 1 to 4 means.
SCORE_LABELS = {
    1: _l("1 — not shown"),
    2: _l("2 — partly shown"),
    3: _l("3 — shown"),
    4: _l("4 — clearly shown"),
}

ASSESSMENT_STATUS_LABELS = {
    "none": _l("Not assessed"),
    "screened": _l("Screened"),
    "assessed": _l("Assessed"),
    "good_practice": _l("Good practice"),
}

VALIDATION_STATUS_LABELS = {
    "pending": _l("Pending"),
    "validated": _l("Validated"),
    "changes_requested": _l("Changes requested"),
}

# The values of the two derived facets of the library.
ASSESSMENT_FILTERS = {
    "assessment": {"assessed": _l("Assessed"), "good_practice": _l("Good practice")},
    "validated": {"all": _l("Validated by every country involved")},
}
