"""The estimate's arithmetic: requests still needed over the rate, slowed by failures."""

from __future__ import annotations

from dtro_app.publishing.estimate import estimate


def test_the_issue_example_reads_as_written() -> None:
    result = estimate(published=1240, total=5000, requests_left=3760, rate_per_minute=120)
    assert result.sentence == (
        "1,240 of 5,000 published; about 31 minutes left at 120 requests per minute"
    )


def test_failures_make_each_change_cost_more_requests() -> None:
    result = estimate(
        published=0, total=120, requests_left=120, rate_per_minute=60, success_rate=0.5
    )
    assert result.minutes_left == 4.0
    assert "about 4 minutes left at 60 requests per minute" in result.sentence


def test_a_success_rate_near_zero_is_floored_so_the_estimate_stays_finite() -> None:
    result = estimate(published=0, total=10, requests_left=10, rate_per_minute=10, success_rate=0)
    assert result.minutes_left == 10.0


def test_provision_level_changes_count_their_extra_requests() -> None:
    # 10 changes left, but they need 30 requests between them.
    result = estimate(published=0, total=10, requests_left=30, rate_per_minute=10)
    assert result.sentence.endswith("about 3 minutes left at 10 requests per minute")


def test_long_waits_read_in_hours() -> None:
    result = estimate(published=0, total=9000, requests_left=9000, rate_per_minute=120)
    assert (
        result.sentence
        == "0 of 9,000 published; about 1 hour 15 minutes left at 120 requests per minute"
    )


def test_an_open_circuit_says_paused_instead_of_a_time() -> None:
    result = estimate(published=3, total=5, requests_left=2, rate_per_minute=120, paused=True)
    assert result.sentence == "3 of 5 published; paused: the service is not answering"
    assert result.minutes_left is None


def test_nothing_left_reads_as_done() -> None:
    result = estimate(published=5, total=5, requests_left=0, rate_per_minute=120)
    assert result.sentence == "5 of 5 published"


def test_under_a_minute_says_so() -> None:
    result = estimate(published=0, total=5, requests_left=5, rate_per_minute=120)
    assert "less than a minute left" in result.sentence
