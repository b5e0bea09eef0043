"""On SQLite, the lookups that ignore case ignore it in every alphabet, not only ASCII.

SQLite's LIKE and UPPER() fold only the 26 Latin letters, so on the embedded database
`icontains` would find "Петя Иванова" for "Петя" but not for "петя". Here `iexact`,
`icontains`, `istartswith` and `iendswith` compare on SQLite the column folded by
Python's `str.casefold()` (a function every new SQLite connection gets, see
`ServicedeskConfig.ready`) with the pattern folded the same way, as PostgreSQL
compares `UPPER(column)` with `UPPER(pattern)`. On PostgreSQL the lookups are
Django's own (its trigram indexes serve them), and so is every other lookup on SQLite.

Why not override SQLite's `like()` instead: every LIKE would then call Python once a
row, the case-sensitive `startswith` and `contains` too (the catalogue's term search,
for one), about fifteen times slower than SQLite's own LIKE; this way only the
lookups that must fold case pay, once a row for the column.

`casefold()` keeps the dotless "ı" apart from "i" (PostgreSQL's UPPER() does not), so
a lookalike address is not folded into another here.
"""

from django.db.models import Field
from django.db.models.lookups import IContains, IEndsWith, IExact, IStartsWith

CASEFOLD = "sd_casefold"  # the SQL name of `casefold` on SQLite connections


def casefold(value: object) -> str | None:
    """Return `value` as text folded for caseless matching (NULL stays NULL)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).casefold()


class _FoldedOnSqlite:
    """On SQLite: `sd_casefold(column) LIKE <the pattern, casefolded>`."""

    def as_sqlite(self, compiler, connection):
        lhs_sql, params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        if self.rhs_is_direct_value() and not self.bilateral_transforms:
            rhs_params = tuple(
                casefold(param) if isinstance(param, str) else param
                for param in rhs_params
            )
        else:  # another column or an expression: folded in the database too
            rhs_sql = f"{CASEFOLD}({rhs_sql})"
        rhs_sql = self.get_rhs_op(connection, rhs_sql)
        return f"{CASEFOLD}({lhs_sql}) {rhs_sql}", (*params, *rhs_params)


class FoldedIExact(_FoldedOnSqlite, IExact):
    pass


class FoldedIContains(_FoldedOnSqlite, IContains):
    pass


class FoldedIStartsWith(_FoldedOnSqlite, IStartsWith):
    pass


class FoldedIEndsWith(_FoldedOnSqlite, IEndsWith):
    pass


FOLDED_LOOKUPS = (FoldedIExact, FoldedIContains, FoldedIStartsWith, FoldedIEndsWith)


def folded_lookups_register() -> None:
    """Put the lookups above in place of Django's, for every field."""
    for lookup in FOLDED_LOOKUPS:
        Field.register_lookup(lookup)


def sqlite_functions_install(sender, connection, **kwargs) -> None:
    """Give a new SQLite connection `sd_casefold` (the `connection_created` signal)."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(CASEFOLD, 1, casefold, deterministic=True)
