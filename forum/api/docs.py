"""The API's contract: GET /api/v1/openapi.json (forum.api.openapi) and /api/docs, the reference
page that renders it with Swagger UI (vendored in static/vendor/swagger-ui, see the Makefile)."""

from flask import Blueprint, Response, render_template

from forum.api import openapi
from forum.api.blueprint import bp

pages = Blueprint("api_docs", __name__)

# Swagger UI's React components set inline styles (style="" attributes in the markup it renders),
# which `style-src 'self'` refuses; scripts stay 'self' only, and every other page keeps the
# site's policy (forum.security sets it only where a view did not).
DOCS_CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


@bp.get("/openapi.json")
def openapi_document():
    return Response(openapi.document_json(), mimetype="application/json")


@pages.get("/api/docs")
def reference() -> Response:
    response = Response(render_template("api/docs.html"))
    response.headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
    return response
