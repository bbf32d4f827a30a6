"""The API's contract: GET /api/v1/openapi.json (forum.api.openapi) and /api/docs, the reference
page that renders it with Swagger UI (vendored in static/vendor/swagger-ui, see the Makefile).

The page keeps the site's Content-Security-Policy (forum.security): Swagger UI 5 loads from our
origin, runs no inline script and sets its styles through the DOM, which `style-src 'self'`
allows (tests/test_openapi.py opens it in Chromium and fails on any refusal)."""

from flask import Blueprint, Response, render_template

from forum.api import openapi
from forum.api.blueprint import bp

pages = Blueprint("api_docs", __name__)


@bp.get("/openapi.json")
def openapi_document():
    return Response(openapi.document_json(), mimetype="application/json")


@pages.get("/api/docs")
def reference() -> str:
    return render_template("api/docs.html")
