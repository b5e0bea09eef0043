"""The legal sources the code itself cites to people: one declared table.

Every citation a page, a PDF or an e-mail shows is either data an administrator edits
(a service's or an extension reason's `legal_basis`, a complaint kind's `legal_basis`)
or an entry of `LEGAL_SOURCES` below, rendered with `LegalSource.citation()` (or the
`{% legal_citation "code" %}` template tag). No act or article is written anywhere
else; a test scans the templates and the translated strings for stray citations.

Each entry names its act and article as the official text numbers them. Sources: the
domain brief (DOMAIN.md, "Deadline rules") and the General Data Protection Regulation.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Translators: the name of a Bulgarian code, as it is cited (Административнопроцесуален
# кодекс).
APK = _("Administrative Procedure Code")
# Translators: Regulation (EU) 2016/679 (Общ регламент относно защитата на данните).
GDPR = _("General Data Protection Regulation")
# Translators: the name of a Bulgarian act, as it is cited (Закон за достъп до
# обществена информация).
ZDOI = _("Access to Public Information Act")


@dataclass(frozen=True)
class LegalSource:
    """One provision: the act, the article (as cited) and what it says, in short."""

    code: str  # stable key: templates and tests name the source by it
    act: Promise
    article: Promise  # "art. 111(4)": the article and its paragraph
    title: Promise  # what the provision says, in a few plain words

    def citation(self) -> str:
        """Return "act, article" in the active language."""
        # Translators: a legal citation, e.g. "Административнопроцесуален кодекс,
        # чл. 118".
        return gettext("%(act)s, %(article)s") % {
            "act": self.act,
            "article": self.article,
        }

    def __str__(self) -> str:
        return self.citation()


LEGAL_SOURCES: dict[str, LegalSource] = {
    source.code: source
    for source in (
        # DOMAIN.md: "anonymous proposals and signals: not processed, АПК art. 111(4)".
        # The same paragraph leaves signals about violations committed more than two
        # years before unexamined; that half is not in the brief and is made data
        # (`ComplaintKind.facts_within_years`, 0 = no limit) until checked.
        LegalSource(
            code="apk-111-4",
            act=APK,
            article=_("art. 111(4)"),
            title=_(
                "anonymous proposals and signals, and signals about violations "
                "committed more than two years ago, are not examined"
            ),
        ),
        # DOMAIN.md: "proposal: decide within 2 months; the higher authority may
        # extend to 6 months, and the sender is told, АПК art. 118".
        LegalSource(
            code="apk-118",
            act=APK,
            article=_("art. 118"),
            title=_(
                "a proposal is decided within two months; the term may be extended "
                "up to six months, and the proposer is told"
            ),
        ),
        # DOMAIN.md: "access to public information: clarification request restarts
        # the clock, ЗДОИ arts. 28-31"; art. 29(1) says the term of art. 28(1) runs
        # from the day the request is clarified.
        LegalSource(
            code="zdoi-29-1",
            act=ZDOI,
            article=_("art. 29(1)"),
            title=_("the term runs again from the day the request is clarified"),
        ),
        # ЗДОИ art. 29(2): a request not clarified within 30 days is left without
        # consideration (the 30 days are the default of SUSPENSION_ABANDON_DAYS).
        LegalSource(
            code="zdoi-29-2",
            act=ZDOI,
            article=_("art. 29(2)"),
            title=_(
                "a request not clarified within 30 days is left without consideration"
            ),
        ),
        # Regulation (EU) 2016/679, art. 15: the data subject's right of access.
        LegalSource(
            code="gdpr-15",
            act=GDPR,
            article=_("art. 15"),
            title=_("the right of access to one's personal data"),
        ),
    )
}

NOT_EXAMINED = LEGAL_SOURCES["apk-111-4"]
PROPOSAL_TERM = LEGAL_SOURCES["apk-118"]
DATA_ACCESS = LEGAL_SOURCES["gdpr-15"]
TERM_RESTART = LEGAL_SOURCES["zdoi-29-1"]
UNCLARIFIED = LEGAL_SOURCES["zdoi-29-2"]
