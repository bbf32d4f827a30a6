"""/api/v1 thread subscriptions, community follows and email preferences."""

from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.services import mail_delivery, subscriptions
from forum.services.communities import access_community
from forum.services.threads import access_thread


@bp.get("/threads/<int:thread_id>/subscription")
def get_thread_subscription(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    return {"level": subscriptions.subscription_level(user, thread)}


@bp.put("/threads/<int:thread_id>/subscription")
def put_thread_subscription(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body({"level"})
    level = subscriptions.do_set_thread_subscription(user, thread, level=data.get("level"))
    return {"level": level}


@bp.delete("/threads/<int:thread_id>/subscription")
def delete_thread_subscription(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    subscriptions.do_clear_thread_subscription(user, thread)
    return {"level": None}


@bp.put("/communities/<slug>/follow")
def follow_community(slug: str):
    user = signed_in_user()
    community = access_community(slug)
    subscriptions.do_follow_community(user, community)
    return {"following": True}


@bp.delete("/communities/<slug>/follow")
def unfollow_community(slug: str):
    user = signed_in_user()
    community = access_community(slug)
    subscriptions.do_unfollow_community(user, community)
    return {"following": False}


@bp.get("/me/email-preferences")
def get_email_preferences():
    return {"email_preferences": mail_delivery.email_preferences(signed_in_user())}


@bp.patch("/me/email-preferences")
def patch_email_preferences():
    user = signed_in_user()
    data = json_body({"email_preferences"})
    preferences = mail_delivery.do_set_email_preferences(user, data.get("email_preferences"))
    return {"email_preferences": preferences}
