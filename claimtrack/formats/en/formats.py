# The one date format of every page (`{{ d|date }}`, `{{ dt|date:"DATETIME_FORMAT" }}`,
# django.utils.formats.date_format in Python): "13 Feb 2025", unambiguous for
# readers on both sides of the Atlantic. Form fields keep ISO dates.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
