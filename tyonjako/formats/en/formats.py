# English in Finland: the same day.month.year dates; a point as the decimal separator.
DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j.n.Y H:i"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j.n."
YEAR_MONTH_FORMAT = "F Y"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H.%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
