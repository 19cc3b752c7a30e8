"""The participation app's models, one module per part (consultations, surveys, proposals)."""

from .proposals import *  # noqa: F403
