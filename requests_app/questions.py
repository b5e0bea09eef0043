"""The options of a service's choice question, as staff write them in the admin.

One option per line, "key|label" or just a label (then the label is the key as well).
The one parser: the request form, the desk intake and the Open311 API all read it.
"""

from requests_app.models import ServiceQuestion


def question_choices(question: ServiceQuestion) -> list[tuple[str, str]]:
    """Return the (key, label) options of a choice question, in the active language.

    Labels come in the active language (the field is translated); keys stay the same.
    A line with an empty label ("a| ") takes its key as the label.
    """
    options = []
    for line in (question.choices or "").splitlines():
        if not line.strip():
            continue
        key, _sep, label = line.partition("|")
        key = key.strip()
        options.append((key, label.strip() or key))
    return options
