"""Whitespace-only identifiers, references and names are refused, naming the field."""

from __future__ import annotations

from validation_helpers import found

D40 = ("4.0.0", "example-derbyshire-2024-dj388-partial.json")


def test_a_whitespace_only_reference_is_refused(mutate) -> None:
    report = mutate(*D40, lambda d: d["data"]["source"].__setitem__("reference", "   "))
    assert ("blank", "/data/source/reference") in found(report)
    issue = next(i for i in report.issues if i.code == "blank")
    assert issue.message == "The reference must not be blank."


def test_a_whitespace_only_tro_name_is_refused(mutate) -> None:
    report = mutate(*D40, lambda d: d["data"]["source"].__setitem__("troName", "\t \n"))
    assert ("blank", "/data/source/troName") in found(report)


def test_a_whitespace_only_provision_reference_is_refused(mutate) -> None:
    # Under a list (the provisions), not only under the source's own keys.
    report = mutate(
        *D40, lambda d: d["data"]["source"]["provision"][0].__setitem__("reference", "  ")
    )
    assert ("blank", "/data/source/provision/0/reference") in found(report)


def test_a_reference_with_real_text_is_not_blank(mutate) -> None:
    report = mutate(*D40, lambda d: d["data"]["source"].__setitem__("reference", " R-1 "))
    assert not [i for i in report.issues if i.code == "blank"]


def test_a_blank_name_the_service_does_not_check_is_advice(mutate) -> None:
    def change(d):
        place = d["data"]["source"]["provision"][0]["regulatedPlace"][0]
        place["linearGeometry"]["externalReference"][0]["uniqueStreetReferenceNumber"][0][
            "nsgStreetName"
        ] = "   "

    report = mutate("4.0.0", "example-derbyshire-2024-dj388-partial.json", change)

    [issue] = [i for i in report.issues if i.code == "blank"]
    assert issue.severity == "advice"
    assert issue.path.endswith("/nsgStreetName")
    assert report.is_valid
