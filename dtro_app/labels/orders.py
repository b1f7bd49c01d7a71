"""Labels for the order itself: its stage (reporting point), what a change does (action
types), how conditions combine, and charges."""

from __future__ import annotations

ORDER_REPORTING_POINTS: dict[str, str] = {
    "experimentalNoticeOfMaking": "Experimental order: notice of making",
    "experimentalAmendment": "Experimental order: amendment",
    "experimentalMakingPermanent": "Experimental order: made permanent",
    "experimentalRevocation": "Experimental order: revocation",
    "permanentNoticeOfProposal": "Permanent order: notice of proposal",
    "permanentNoticeOfMaking": "Permanent order: notice of making",
    "permanentAmendment": "Permanent order: amendment",
    "permanentRevocation": "Permanent order: revocation",
    "specialEventOrderNoticeOfMaking": "Special event order: notice of making",
    "troOnRoadActiveStatus": "Existing order in force on the road",
    "ttroTtmoNoticeOfIntention": "Temporary order: notice of intention",
    "ttroTtmoNoticeAfterMaking": "Temporary order: notice after making",
    "ttroTtmoByNotice": "Temporary restriction made by notice",
    "ttroTtmoExtension": "Temporary order: extension",
    "ttroTtmoRevocation": "Temporary order: revocation",
    "variationByNotice": "Variation by notice",
}

# One meaning whichever list (order-wide, source or provision) the code comes from.
ACTIONS: dict[str, str] = {
    "new": "New",
    "amendment": "Amendment",
    "fullAmendment": "Full amendment (replaces what was published)",
    "partialAmendment": "Partial amendment",
    "errorFix": "Correction of an error",
    "informationUpdate": "Information update (the regulation itself is unchanged)",
    "noChange": "No change",
    "fullRevoke": "Full revocation",
    "partialRevoke": "Partial revocation",
}

CONDITION_OPERATORS: dict[str, str] = {
    "and": "All of these (and)",
    "or": "Any of these (or)",
    "xor": "Exactly one of these (either, not both)",
}

COMPARISON_OPERATORS: dict[str, str] = {
    "lessThan": "Less than",
    "lessThanOrEqualTo": "Less than or equal to",
    "equalTo": "Equal to",
    "greaterThanOrEqualTo": "More than or equal to",
    "greaterThan": "More than",
}

ACCESS_CONDITIONS: dict[str, str] = {
    "accessOnly": "Access only",
    "destinationTraffic": "Traffic going to a place here",
    "sourceTraffic": "Traffic coming from a place here",
    "sourceAndDestinationTraffic": "Traffic going to or coming from a place here",
    "throughTraffic": "Through traffic",
    "loadingAndUnloading": "Loading and unloading",
    "passengerLoadingAndUnloading": "Passengers getting in or out",
}

CURRENCIES: dict[str, str] = {
    "GBP": "Pounds sterling (GBP)",
    "EUR": "Euros (EUR)",
}

RATE_LINES: dict[str, str] = {
    "flatRate": "Flat rate",
    "flatRateTier": "Flat rate for a band of time",
    "incrementingRate": "Rate that rises with time",
    "perUnit": "Rate per unit",
}

RATES: dict[str, str] = {
    "hourly": "Per hour",
    "daily": "Per day",
}

RATE_USAGE_CONDITIONS: dict[str, str] = {
    "once": "Once",
    "fixedNumber": "A fixed number of times",
    "fixedDuration": "For a fixed length of time",
    "unlimited": "Without limit",
}

#: 3.4.0's table; later versions change it in `tables.py`.
ORDERS_3_4_0: dict[str, dict[str, str]] = {
    "orderReportingPointType": ORDER_REPORTING_POINTS,
    "conditionalOrderReportingPoints": {
        code: ORDER_REPORTING_POINTS[code]
        for code in (
            "experimentalNoticeOfMaking",
            "experimentalAmendment",
            "experimentalMakingPermanent",
            "experimentalRevocation",
            "permanentNoticeOfMaking",
            "permanentAmendment",
            "permanentRevocation",
            "specialEventOrderNoticeOfMaking",
        )
    },
    "actionType": {code: ACTIONS[code] for code in ACTIONS if code != "informationUpdate"},
    "conditionOperatorType": CONDITION_OPERATORS,
    "comparisonOperatorType": COMPARISON_OPERATORS,
    "accessConditionType": ACCESS_CONDITIONS,
    "currencyType": CURRENCIES,
    "rateLineType": RATE_LINES,
    "rateType": RATES,
    "rateUsageConditionsType": RATE_USAGE_CONDITIONS,
}
