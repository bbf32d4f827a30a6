"""The write side: every change to the forum is a `do_*` function here.

Callers (views, API, CLI, socket handlers) own the transaction: they call services, then commit.
"""
