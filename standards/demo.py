"""Demo data for the standards app: targets for the demo municipality. Idempotent.

The standards text itself is seeded by migration 0002 (version 1).
"""

import datetime
from decimal import Decimal

from standards.models import StandardsVersion, Target

DEMO_TARGETS = {
    "on_time_share": Decimal("95"),
    "extensions_in_time_share": Decimal("100"),
    "handling_median": Decimal("7"),
    "handling_p90": Decimal("14"),
    "complaints_acknowledged_share": Decimal("100"),
    "complaints_decided_share": Decimal("90"),
    "survey_response_rate": Decimal("20"),
    "satisfaction_courtesy": Decimal("4.5"),
    "satisfaction_clarity": Decimal("4.2"),
    "satisfaction_timeliness": Decimal("4.2"),
    "satisfaction_simplicity": Decimal("4"),
    "satisfaction_overall": Decimal("4.3"),
    "resolved_share": Decimal("80"),
}
VALID_FROM = datetime.date(2026, 1, 1)


def load_standards_demo() -> dict[str, int]:
    """Create the municipality's demo targets (once); return what exists."""
    for code, value in DEMO_TARGETS.items():
        Target.objects.get_or_create(
            indicator=code,
            scope_kind="municipality",
            department=None,
            service=None,
            valid_from=VALID_FROM,
            defaults={"value": value},
        )
    return {
        "targets": Target.objects.count(),
        "standards_versions": StandardsVersion.objects.count(),
    }
