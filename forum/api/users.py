"""/api/v1/me"""

from forum import serializers
from forum.api import bp
from forum.api.helpers import signed_in_user


@bp.get("/me")
def me():
    return {"user": serializers.user_me(signed_in_user())}
