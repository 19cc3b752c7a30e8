"""Events of the shared kernel that other apps react to."""

from django.dispatch import Signal

# Sent inside the transaction of every working-calendar edit, with ``actor``.
calendar_changed = Signal()
