"""The order page's offer to make a D-TRO smaller (simplify shapes, merge places)."""

from __future__ import annotations

from django import template

from dtro_app.drafting.shrink import ShrinkOffer, shrink_offer
from dtro_app.models import Dtro

register = template.Library()


@register.simple_tag
def shrink_offer_for(dtro: Dtro) -> ShrinkOffer | None:
    """`{% shrink_offer_for dtro as offer %}`: the working copy that may be shrunk, or None."""
    return shrink_offer(dtro)
