"""Encounters tell listeners (the task catalogue) what they wrote, without importing them."""

from django.dispatch import Signal

# Sent with `ids`: the primary keys of encounters that were created or changed.
encounters_written = Signal()
