"""Good-practice assessment and country validation pages: the record's assessment page (screening,
scores, validations, with the forms of whoever may act), and the admins' page of country focal
points. Thin views over forum.services.experience_assessment; no JavaScript needed."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from forum import permissions
from forum.errors import Forbidden, ForumError, NotFound, Unauthorized, ValidationError
from forum.experience_reference import (
    ASSESSMENT_FILTERS,
    ASSESSMENT_STATUS_LABELS,
    GOOD_PRACTICE_ATTRIBUTES,
    SCORE_LABELS,
    SCREENING_CHECK_LABELS,
    VALIDATION_STATUS_LABELS,
)
from forum.i18n import country_choices, country_name
from forum.models import SCREENING_CHECKS, Experience
from forum.services import experience_assessment as service
from forum.services.experiences import access_experience
from forum.services.profiles import resolve_member_names
from forum.web.forms import EmptyForm, choices, show_error

bp = Blueprint("experience_assessment", __name__)
ACCESS_ERRORS = (Unauthorized, Forbidden, NotFound)


@bp.record_once
def _setup(state) -> None:
    service.check_attribute_codes(state.app.config["GOOD_PRACTICE_ATTRIBUTES"])
    state.app.jinja_env.globals.update(
        attribute_labels=GOOD_PRACTICE_ATTRIBUTES, screening_check_labels=SCREENING_CHECK_LABELS,
        assessment_status_labels=ASSESSMENT_STATUS_LABELS, validation_status_labels=VALIDATION_STATUS_LABELS,
        score_labels=SCORE_LABELS, assessment_filter_labels=ASSESSMENT_FILTERS)


# ---------- forms ----------


class ScreeningForm(FlaskForm):
    results_documented = BooleanField(SCREENING_CHECK_LABELS["results_documented"])
    implemented_one_year = BooleanField(SCREENING_CHECK_LABELS["implemented_one_year"])
    consent_obtained = BooleanField(SCREENING_CHECK_LABELS["consent_obtained"])
    contacts_available = BooleanField(SCREENING_CHECK_LABELS["contacts_available"])
    comment = TextAreaField(_l("Comment (optional)"))


def scores_form(codes: list[str], **kwargs: Any) -> FlaskForm:
    """One score (1-4) and one justification per configured attribute: `score_<code>`,
    `justification_<code>` (the service's fields `<code>.score`, `<code>.justification`)."""

    class ScoresForm(FlaskForm):
        pass

    for code in codes:
        setattr(ScoresForm, f"score_{code}", SelectField(_l("Score"), validate_choice=False, choices=choices(
            [("", _l("Not scored")), *((str(n), label) for n, label in SCORE_LABELS.items())])))
        setattr(ScoresForm, f"justification_{code}", TextAreaField(_l("Justification")))
    return ScoresForm(**kwargs)


class CountryValidationForm(FlaskForm):
    comment = TextAreaField(_l("What should change?"), description=_l("Required when you ask for a change."))


class FocalPointForm(FlaskForm):
    username = StringField(_l("Username of the member"), description=_l("Type a name or a username."))
    country = SelectField(_l("Country they speak for"), validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = choices([("", _l("Choose…")), *country_choices()])


def _field_name(error_field: str | None) -> str | None:
    """The service's `<code>.score` is the form's `score_<code>`."""
    if error_field and "." in error_field:
        code, _sep, part = error_field.partition(".")
        return f"{part}_{code}"
    return error_field


# ---------- the assessment page ----------


def _validation_forms(experience: Experience) -> dict[str, CountryValidationForm]:
    return {code: CountryValidationForm(formdata=None, prefix=f"validation-{code}")
            for code, _row in service.validations_of(experience)
            if permissions.can_validate_country(current_user, experience, code)}


def _page(experience: Experience, status: int = 200, **forms: Any):
    assessment = service.assessment_of(experience)
    codes = service.attributes()
    if "screening_form" not in forms and permissions.can_screen_experience(current_user, experience):
        screening = experience.screening
        forms["screening_form"] = ScreeningForm(formdata=None, prefix="screening", data={
            **{check: bool(screening and getattr(screening, check)) for check in SCREENING_CHECKS},
            "comment": screening.comment if screening else ""})
    can_assess = (permissions.can_assess_experience(current_user, experience)
                  and experience.screening is not None and experience.screening.is_passed)
    if "scores_form" not in forms and can_assess:
        mine = assessment.scores_by(current_user.id)
        forms["scores_form"] = scores_form(codes, formdata=None, prefix="scores", data={
            **{f"score_{code}": str(s.score) for code, s in mine.items()},
            **{f"justification_{code}": s.justification for code, s in mine.items()}})
    validation_forms = {**_validation_forms(experience), **forms.pop("validation_forms", {})}
    return render_template(
        "experiences/assessment.html", experience=experience, assessment=assessment, codes=codes,
        validations=service.validations_of(experience),
        summary=service.summarize(experience, experience.validations),
        validation_forms=validation_forms, can_assess=can_assess,
        min_assessors=service.MIN_ASSESSORS, good_practice_median=service.GOOD_PRACTICE_MEDIAN,
        **forms), status


@bp.get("/experiences/<int:experience_id>/assessment", endpoint="page")
def assessment_page(experience_id: int):
    return _page(access_experience(current_user, experience_id))


def _back(experience: Experience, anchor: str) -> Any:
    return redirect(url_for("experience_assessment.page", experience_id=experience.id) + anchor)


@bp.post("/experiences/<int:experience_id>/assessment/screening")
@login_required
def screening(experience_id: int):
    experience = access_experience(current_user, experience_id)
    form = ScreeningForm(prefix="screening")
    try:
        result = service.do_record_screening(
            current_user, experience, {check: bool(getattr(form, check).data) for check in SCREENING_CHECKS},
            form.comment.data or "")
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show(form, error)
        return _page(experience, error.status, screening_form=form)
    flash(_("The screening was recorded: it passed.") if result.is_passed
          else _("The screening was recorded: it did not pass."), "success")
    return _back(experience, "#screening-h")


@bp.post("/experiences/<int:experience_id>/assessment/scores")
@login_required
def scores(experience_id: int):
    experience = access_experience(current_user, experience_id)
    codes = service.attributes()
    form = scores_form(codes, prefix="scores")
    given = {}
    for code in codes:
        score = (getattr(form, f"score_{code}").data or "").strip()
        justification = getattr(form, f"justification_{code}").data or ""
        if score or justification.strip():
            given[code] = {"score": score, "justification": justification}
    try:
        service.do_score(current_user, experience, given)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show(form, error)
        return _page(experience, error.status, scores_form=form)
    flash(_("Your scores were saved."), "success")
    return _back(experience, "#scores-h")


@bp.post("/experiences/<int:experience_id>/validations/<code>")
@login_required
def validate(experience_id: int, code: str):
    experience = access_experience(current_user, experience_id)
    code = code.upper()[:2]
    form = CountryValidationForm(prefix=f"validation-{code}")
    try:
        service.do_validate(current_user, experience, code, decision=request.form.get("decision", ""),
                            comment=form.comment.data or "")
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show(form, error)
        return _page(experience, error.status, validation_forms={code: form})
    flash(_("Your answer for %(country)s was recorded.", country=country_name(code)), "success")
    return _back(experience, "#validations-h")


def _show(form: FlaskForm, error: ForumError) -> None:
    if isinstance(error, ValidationError):
        show_error(form, ValidationError(_field_name(error.field), error.message, code=error.code))
    else:
        form.form_errors.append(error.message)


# ---------- country focal points (admins) ----------


def _focal_points_page(form: FocalPointForm | None = None, status: int = 200):
    return render_template("moderation/focal_points.html", focal_points=service.focal_points(),
                           form=form or FocalPointForm(formdata=None), action_form=EmptyForm()), status


@bp.route("/moderation/focal-points", methods=["GET", "POST"], endpoint="focal_points")
def focal_points_page():
    if request.method == "GET" and not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    permissions.require_signed_in(current_user)
    permissions.require(permissions.can_name_focal_points(current_user), _("Only admins name country focal points."))
    if request.method == "GET":
        return _focal_points_page()
    form = FocalPointForm()
    try:
        names = resolve_member_names(current_user, [form.username.data or ""], "username")  # a name works too
        row = service.do_add_focal_point(current_user, username=names[0] if names else "",
                                         country=form.country.data or "")
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show(form, error)
        return _focal_points_page(form, error.status)
    flash(_("%(name)s now speaks for %(country)s.", name=row.user.username, country=country_name(row.country)),
          "success")
    return redirect(url_for("experience_assessment.focal_points"))


@bp.post("/moderation/focal-points/<code>/<username>/remove")
@login_required
def remove_focal_point(code: str, username: str):
    service.do_remove_focal_point(current_user, username=username, country=code)
    flash(_("%(name)s no longer speaks for %(country)s.", name=username[:30], country=country_name(code.upper()[:2])),
          "success")
    return redirect(url_for("experience_assessment.focal_points"))


def assessment_context(experience: Experience) -> dict[str, Any]:
    """What the record page shows of the assessment and the validations (experiences/_assessment.html):
    at most one query (the scores, once a screening passed); the rest was loaded with the record."""
    return {"assessment": service.assessment_of(experience), "validations": service.validations_of(experience),
            "validation_summary": service.summarize(experience, experience.validations)}
