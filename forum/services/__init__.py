"""The write side: every change to the forum is a `do_*` function here.

Callers (views, API, CLI, socket handlers) own the transaction: they call services, and the
boundary of their request, command or event commits or rolls back (forum.transactions). A
service never commits; it flushes what its caller needs to see (a new row's id).
"""
