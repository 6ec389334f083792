"""Signals other apps may listen to (decoupled side effects only).

``needs_profile_withdrawn(sender=NeedsProfile, user=<User>)`` is sent after the commit that
deleted a person's needs profile, so that apps holding copies shared from it (e.g. needs shown
to workshop hosts for one sign-up) can delete those too."""

from django.dispatch import Signal

needs_profile_withdrawn = Signal()
