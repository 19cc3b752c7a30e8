"""What the ledger tells the apps above it: ``cards_raised`` after each card sweep, with the
``(kind, key)`` of the matters that got a yellow or a red card, so that an app can escalate
its own matters further (the office tells the leader who gave an overdue instruction)."""

from django.dispatch import Signal

cards_raised = Signal()  # kwargs: now, yellow, red (lists of (kind, key))
