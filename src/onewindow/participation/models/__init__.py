"""The participation app's models, one module per part (consultations, surveys, proposals)."""

from .surveys import *  # noqa: F403
