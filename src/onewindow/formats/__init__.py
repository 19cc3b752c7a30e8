"""The site's date formats, one per language (settings.FORMAT_MODULE_PATH).

Templates write ``{{ value|date }}`` (a date) or ``{{ value|date:"DATETIME_FORMAT" }}`` (a
moment) and never spell out a format of their own; machine-readable values (``<time
datetime>``, URLs, form values) stay ISO 8601 (``|date:"Y-m-d"``, ``|date:"c"``).
"""
