"""The WSGI entry point: `flask --app wsgi run`, `gunicorn wsgi:app`."""

from forum import create_app
from forum.extensions import socketio

app = create_app()

__all__ = ["app", "socketio"]
