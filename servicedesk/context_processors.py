from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict:
    """Municipality name and links to this page in the other languages."""
    language = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
        if code != language
    ]
    names = settings.MUNICIPALITY_NAME
    return {
        "municipality_name": names.get(language[:2], names["bg"]),
        "municipality_crest": settings.MUNICIPALITY_CREST,
        "language_alternates": alternates,
    }
