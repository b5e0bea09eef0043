# Bulgarian dates as written in official letters: "24 ноември 2026 г.", months in lower
# case ("E" is the month inside a date; the project catalogue lower-cases it), 24-hour
# time. Django's own Bulgarian formats leave the date-and-time format undefined.
DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "E Y г."  # "юли 2026 г."
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space
NUMBER_GROUPING = 3  # only where a number is long enough (requests_app.numerals)
