"""Services of public participation, one module per part: consultations, surveys, proposals."""
