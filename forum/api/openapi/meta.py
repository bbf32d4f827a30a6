"""The contract itself (forum.api.docs)."""

from forum.api.openapi.spec import Operation

TAG = "Contract"

OPERATIONS = [
    Operation("get", "/openapi.json", "openapi_document", "This document (OpenAPI 3.1)",
              {200: {"type": "object", "required": ["openapi", "info", "paths"]}}, signed_in=False,
              description="The reference page that renders it is at /api/docs."),
]
