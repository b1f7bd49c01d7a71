"""The order page's offer to upgrade a D-TRO to a newer data-spec version."""

from __future__ import annotations

from django import template

from dtro_app.drafting.upgrade import UpgradeOffer, upgrade_offer
from dtro_app.models import Dtro

register = template.Library()


@register.simple_tag
def upgrade_offer_for(dtro: Dtro) -> UpgradeOffer | None:
    """`{% upgrade_offer_for dtro as offer %}`: the upgrade open to this D-TRO, or None."""
    return upgrade_offer(dtro)
