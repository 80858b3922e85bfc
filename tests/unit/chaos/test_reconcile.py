"""Reconciliation of what citizens were told with the backend's dossiers."""

from __future__ import annotations

from mocks.chaos.reconcile import Told, ToldKind, reconcile


def receipt(citizen: int, code: str) -> Told:
    return Told(f"k{citizen}", citizen, ToldKind.RECEIPT, code)


def queued(citizen: int, resumed: bool = False) -> Told:
    return Told(f"k{citizen}", citizen, ToldKind.QUEUED, resumed=resumed)


def test_a_clean_run_counts_receipts_and_later_deliveries() -> None:
    told = [receipt(0, "D-0"), queued(1), queued(2, resumed=True)]
    result = reconcile(3, told, {0: ["D-0"], 1: ["D-1"], 2: ["D-2"]})
    assert (result.acknowledged, result.delivered_later, result.resumed) == (1, 2, 1)
    assert (result.lost, result.duplicated, result.phantom, result.untold) == (0, 0, 0, 0)
    assert result.ok


def test_a_queued_dossier_missing_at_the_backend_is_lost() -> None:
    result = reconcile(2, [receipt(0, "D-0"), queued(1)], {0: ["D-0"], 1: []})
    assert result.lost == 1
    assert not result.ok


def test_a_receipt_whose_code_the_backend_does_not_hold_is_lost() -> None:
    result = reconcile(1, [receipt(0, "D-0")], {0: ["D-9"]})
    assert (result.lost, result.acknowledged) == (1, 0)


def test_every_extra_dossier_of_one_citizen_is_a_duplicate() -> None:
    result = reconcile(2, [receipt(0, "D-0"), queued(1)], {0: ["D-0", "D-5"], 1: ["D-1", "D-6", "D-7"]})
    assert result.duplicated == 3
    assert result.lost == 0
    assert not result.ok


def test_dossiers_nobody_was_told_about_are_phantoms() -> None:
    refused = Told("k1", 1, ToldKind.REFUSED)
    result = reconcile(3, [receipt(0, "D-0"), refused], {0: ["D-0"], 1: ["D-1"], 2: ["D-2"]})
    assert (result.refused, result.phantom, result.untold) == (1, 2, 1)
    assert not result.ok


def test_a_repeated_told_line_counts_once() -> None:
    result = reconcile(1, [queued(0), queued(0)], {0: ["D-0"]})
    assert (result.delivered_later, result.untold) == (1, 0)


def test_the_json_form_carries_the_verdict() -> None:
    figures = reconcile(1, [], {}).as_dict()
    assert figures["untold"] == 1
    assert figures["ok"] is False


def test_a_quarantined_item_is_counted_as_such_not_as_lost() -> None:
    result = reconcile(2, [queued(0), queued(1)], {0: [], 1: ["D-1"]}, quarantined={"k0"})
    assert (result.quarantined, result.lost, result.delivered_later) == (1, 0, 1)
    assert result.ok


def test_not_stored_is_honest_unless_a_dossier_exists_after_all() -> None:
    told = [Told("k0", 0, ToldKind.NOT_STORED), Told("k1", 1, ToldKind.NOT_STORED)]
    result = reconcile(2, told, {0: [], 1: ["D-1"]})
    assert (result.not_stored, result.phantom) == (2, 1)
    assert not result.ok
