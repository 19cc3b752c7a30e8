"""The participation app's models, one module per part (consultations, surveys, proposals)."""

from .consultations import *  # noqa: F403
from .proposals import *  # noqa: F403
from .sequences import *  # noqa: F403
from .surveys import *  # noqa: F403
