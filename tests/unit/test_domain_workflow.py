"""The workflow state machine (domain.workflow), every (status, action) pair: recording procedure
steps, handing the product over, cancelling and reopening, as the module docstring draws them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.workflow import (
    CLOSED,
    MAX_NOTE,
    MAX_REASON,
    OPEN,
    RUNNING,
    STATUS_LABELS,
    Action,
    Position,
    Status,
    StepOutcome,
    check_cancel,
    check_handover,
    check_reason,
    record_step,
    reopen_target,
)

ALL = tuple(Status)
NOT_RUNNING = tuple(s for s in Status if s not in RUNNING)
OPEN_STATUSES = tuple(s for s in Status if s in OPEN)
CLOSED_STATUSES = tuple(s for s in Status if s in CLOSED)
TOTAL = 4  # IZIN-LKSA has four procedure steps


def _refused(call: object, *args: object) -> ValidationError:
    assert callable(call)
    with pytest.raises(ValidationError) as refused:
        call(*args)
    return refused.value


# --------------------------------------------------------------------------- the status model


def test_open_and_closed_split_the_statuses() -> None:
    assert OPEN | CLOSED == frozenset(Status)
    assert not OPEN & CLOSED
    assert CLOSED == {Status.DONE, Status.CANCELLED}
    assert RUNNING == {Status.REGISTERED, Status.IN_PROCESS}
    assert RUNNING < OPEN


@pytest.mark.parametrize("status", ALL)
def test_every_status_has_an_indonesian_label(status: Status) -> None:
    assert status.label == STATUS_LABELS[status] and status.label.strip()


def test_labels_as_the_office_says_them() -> None:
    assert [s.label for s in Status] == ["sedang diperiksa", "dikembalikan", "terdaftar", "diproses",
                                         "siap diambil", "selesai", "dibatalkan"]
    assert StepOutcome.DONE.label == "selesai" and StepOutcome.SKIPPED.label == "dilewati"


def test_actions_are_the_event_names() -> None:
    assert {a.value for a in Action} == {"registered", "returned", "resumed", "step_done",
                                         "step_skipped", "handed_over", "cancelled", "reopened"}


# --------------------------------------------------------------------------- Position


@pytest.mark.parametrize("status", ALL)
@pytest.mark.parametrize("recorded", range(TOTAL + 1))
def test_current_step_only_while_the_clock_runs(status: Status, recorded: int) -> None:
    position = Position(status, recorded, TOTAL)
    if status in RUNNING and recorded < TOTAL:
        assert position.current_step == recorded + 1
    else:
        assert position.current_step is None


def test_no_step_waits_in_a_standard_without_steps() -> None:
    assert Position(Status.REGISTERED, 0, 0).current_step is None


# --------------------------------------------------------------------------- record_step


@pytest.mark.parametrize("status", NOT_RUNNING)
@pytest.mark.parametrize("outcome", tuple(StepOutcome))
@pytest.mark.parametrize("step_no", range(0, TOTAL + 2))
def test_steps_are_refused_unless_registered_or_in_process(status: Status, outcome: StepOutcome,
                                                            step_no: int) -> None:
    # The status is checked first, whatever the step and the note.
    for recorded in (0, 2, TOTAL):
        error = _refused(record_step, Position(status, recorded, TOTAL), step_no, outcome, "alasan")
        assert set(error.errors) == {"status"}
        assert status.label in error.errors["status"]


@pytest.mark.parametrize("status", tuple(RUNNING))
@pytest.mark.parametrize("outcome", tuple(StepOutcome))
@pytest.mark.parametrize("recorded", range(TOTAL))
@pytest.mark.parametrize("step_no", range(-1, TOTAL + 3))
def test_every_step_position_while_running(status: Status, outcome: StepOutcome, recorded: int,
                                           step_no: int) -> None:
    position = Position(status, recorded, TOTAL)
    expected = recorded + 1
    if not 1 <= step_no <= TOTAL:  # beyond the last one, or no step at all
        error = _refused(record_step, position, step_no, outcome, "alasan")
        assert set(error.errors) == {"step"} and "tidak ada" in error.errors["step"]
    elif step_no < expected:  # already recorded
        error = _refused(record_step, position, step_no, outcome, "alasan")
        assert error.errors == {"step": f"Langkah {step_no} sudah dicatat."}
    elif step_no > expected:  # out of order
        error = _refused(record_step, position, step_no, outcome, "alasan")
        assert "berurutan" in error.errors["step"] and f"Langkah {expected} " in error.errors["step"]
    else:
        result = record_step(position, step_no, outcome, "alasan")
        assert result is (Status.READY if step_no == TOTAL else Status.IN_PROCESS)


@pytest.mark.parametrize("status", tuple(RUNNING))
def test_the_last_step_makes_the_product_ready(status: Status) -> None:
    for outcome in StepOutcome:
        assert record_step(Position(status, TOTAL - 1, TOTAL), TOTAL, outcome, "alasan") is Status.READY
    # A one-step standard: the first step is the last.
    assert record_step(Position(status, 0, 1), 1, StepOutcome.DONE, "") is Status.READY


@pytest.mark.parametrize("status", tuple(RUNNING))
def test_every_step_already_recorded_is_refused_when_all_are(status: Status) -> None:
    # An inconsistent row (every step recorded but still running) records nothing more.
    position = Position(status, TOTAL, TOTAL)
    for step_no in range(1, TOTAL + 1):
        assert "sudah dicatat" in _refused(record_step, position, step_no, StepOutcome.DONE,
                                           "").errors["step"]
    assert "tidak ada" in _refused(record_step, position, TOTAL + 1, StepOutcome.DONE,
                                   "").errors["step"]


def test_a_standard_without_steps_records_none() -> None:
    error = _refused(record_step, Position(Status.REGISTERED, 0, 0), 1, StepOutcome.DONE, "")
    assert set(error.errors) == {"step"}


@pytest.mark.parametrize("status", tuple(RUNNING))
@pytest.mark.parametrize("note", ["", " ", "\t\n  "])
def test_a_skip_needs_a_reason(status: Status, note: str) -> None:
    error = _refused(record_step, Position(status, 1, TOTAL), 2, StepOutcome.SKIPPED, note)
    assert error.errors == {"note": "Alasan wajib diisi bila langkah dilewati."}
    # Done needs no note.
    assert record_step(Position(status, 1, TOTAL), 2, StepOutcome.DONE, note) is Status.IN_PROCESS


@pytest.mark.parametrize("status", tuple(RUNNING))
@pytest.mark.parametrize("outcome", tuple(StepOutcome))
def test_a_note_is_at_most_500_characters(status: Status, outcome: StepOutcome) -> None:
    position = Position(status, 0, TOTAL)
    assert MAX_NOTE == 500
    assert record_step(position, 1, outcome, "x" * MAX_NOTE) is Status.IN_PROCESS
    # Counted after trimming: spaces around a 500-character note do not make it too long.
    assert record_step(position, 1, outcome, f"  {'x' * MAX_NOTE}\n") is Status.IN_PROCESS
    error = _refused(record_step, position, 1, outcome, "x" * (MAX_NOTE + 1))
    assert error.errors == {"note": "Catatan paling panjang 500 karakter."}


def test_the_step_is_checked_before_the_note() -> None:
    # An out-of-order skip without a reason: the clerk is told about the order first.
    error = _refused(record_step, Position(Status.IN_PROCESS, 1, TOTAL), 3, StepOutcome.SKIPPED, "")
    assert set(error.errors) == {"step"}


@given(st.lists(st.sampled_from(StepOutcome), min_size=1, max_size=40))
def test_walking_the_steps_in_order_ends_ready_after_exactly_all_of_them(
        outcomes: list[StepOutcome]) -> None:
    total = len(outcomes)
    status = Status.REGISTERED
    for recorded, outcome in enumerate(outcomes):
        position = Position(status, recorded, total)
        assert position.current_step == recorded + 1
        assert status is not Status.READY
        note = "alasan dilewati" if outcome is StepOutcome.SKIPPED else ""
        status = record_step(position, recorded + 1, outcome, note)
        assert status is (Status.READY if recorded + 1 == total else Status.IN_PROCESS)
    assert status is Status.READY
    done = Position(status, total, total)
    assert done.current_step is None
    with pytest.raises(ValidationError):
        record_step(done, total, StepOutcome.DONE, "")


@given(status=st.sampled_from(Status), recorded=st.integers(0, 12), total=st.integers(0, 12),
       step_no=st.integers(-3, 15), outcome=st.sampled_from(StepOutcome),
       note=st.sampled_from(["", "  ", "catatan", "x" * 501]))
def test_record_step_accepts_exactly_the_step_waiting(status: Status, recorded: int, total: int,
                                                     step_no: int, outcome: StepOutcome,
                                                     note: str) -> None:
    recorded = min(recorded, total)
    legal = (status in RUNNING and 1 <= step_no <= total and step_no == recorded + 1
             and (outcome is StepOutcome.DONE or note.strip() != "") and len(note.strip()) <= MAX_NOTE)
    try:
        result = record_step(Position(status, recorded, total), step_no, outcome, note)
    except ValidationError:
        assert not legal
    else:
        assert legal
        assert result is (Status.READY if step_no == total else Status.IN_PROCESS)


# --------------------------------------------------------------------------- handover


@pytest.mark.parametrize("status", ALL)
def test_only_a_ready_product_is_handed_over(status: Status) -> None:
    if status is Status.READY:
        assert check_handover(status) is Status.DONE
        return
    error = _refused(check_handover, status)
    assert set(error.errors) == {"status"}
    assert "siap diambil" in error.errors["status"] and status.label in error.errors["status"]


# --------------------------------------------------------------------------- cancel


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_an_open_file_is_cancelled_with_a_reason(status: Status) -> None:
    assert check_cancel(status, "  pemohon mencabut permohonan \n") == "pemohon mencabut permohonan"
    assert check_cancel(status, "x" * MAX_REASON) == "x" * MAX_REASON
    for blank in ("", "   ", "\n\t"):
        assert _refused(check_cancel, status, blank).errors == {
            "reason": "Alasan pembatalan wajib diisi."}
    error = _refused(check_cancel, status, "x" * (MAX_REASON + 1))
    assert error.errors == {"reason": f"Alasan paling panjang {MAX_REASON} karakter."}


@pytest.mark.parametrize("status", CLOSED_STATUSES)
@pytest.mark.parametrize("reason", ["salah input", "", "x" * (MAX_REASON + 1)])
def test_a_closed_file_is_never_cancelled(status: Status, reason: str) -> None:
    error = _refused(check_cancel, status, reason)
    assert set(error.errors) == {"status"}
    assert status.label in error.errors["status"] and "buka kembali" in error.errors["status"]


def test_check_reason_names_what_it_is_for() -> None:
    assert check_reason(" ok ", "apa pun") == "ok"
    assert _refused(check_reason, "", "membuka kembali").errors == {
        "reason": "Alasan membuka kembali wajib diisi."}


# --------------------------------------------------------------------------- reopen


@pytest.mark.parametrize("before", (None, *ALL))
def test_a_finished_file_reopens_ready_for_collection(before: Status | None) -> None:
    assert reopen_target(Status.DONE, before, "salah serah") is Status.READY


@pytest.mark.parametrize("before", OPEN_STATUSES)
def test_a_cancelled_file_returns_to_the_status_it_left(before: Status) -> None:
    assert reopen_target(Status.CANCELLED, before, "dicabut karena salah paham") is before


@pytest.mark.parametrize("before", (None, *CLOSED_STATUSES))
def test_a_cancelled_file_without_a_valid_status_before_reopens_registered(
        before: Status | None) -> None:
    assert reopen_target(Status.CANCELLED, before, "dibuka lagi") is Status.REGISTERED


@pytest.mark.parametrize("status", OPEN_STATUSES)
@pytest.mark.parametrize("before", (None, *ALL))
def test_an_open_file_cannot_be_reopened(status: Status, before: Status | None) -> None:
    error = _refused(reopen_target, status, before, "alasan")
    assert set(error.errors) == {"status"}
    assert status.label in error.errors["status"]


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_reopening_needs_a_reason(status: Status) -> None:
    for blank in ("", "  "):
        assert _refused(reopen_target, status, Status.REGISTERED, blank).errors == {
            "reason": "Alasan membuka kembali wajib diisi."}
    assert set(_refused(reopen_target, status, Status.REGISTERED,
                        "x" * (MAX_REASON + 1)).errors) == {"reason"}
    assert reopen_target(status, Status.REGISTERED, "x" * MAX_REASON) in OPEN


# --------------------------------------------------------------------------- the whole table


def _outcome(call: object, *args: object) -> Status | str:
    assert callable(call)
    try:
        result = call(*args)
    except ValidationError:
        return "refused"
    return result if isinstance(result, Status) else "allowed"  # check_cancel returns the reason


@pytest.mark.parametrize("status", ALL)
def test_the_transition_table(status: Status) -> None:
    """The docstring's diagram as a table: what each action leads to from each status."""
    step = _outcome(record_step, Position(status, 0, TOTAL), 1, StepOutcome.DONE, "")
    last = _outcome(record_step, Position(status, TOTAL - 1, TOTAL), TOTAL, StepOutcome.DONE, "")
    handover = _outcome(check_handover, status)
    cancel = _outcome(check_cancel, status, "alasan")
    reopen = _outcome(reopen_target, status, Status.IN_PROCESS, "alasan")
    expected: dict[Status, tuple[Status | str, ...]] = {
        Status.DRAFT: ("refused", "refused", "refused", "allowed", "refused"),
        Status.RETURNED: ("refused", "refused", "refused", "allowed", "refused"),
        Status.REGISTERED: (Status.IN_PROCESS, Status.READY, "refused", "allowed", "refused"),
        Status.IN_PROCESS: (Status.IN_PROCESS, Status.READY, "refused", "allowed", "refused"),
        Status.READY: ("refused", "refused", Status.DONE, "allowed", "refused"),
        Status.DONE: ("refused", "refused", "refused", "refused", Status.READY),
        Status.CANCELLED: ("refused", "refused", "refused", "refused", Status.IN_PROCESS),
    }
    assert (step, last, handover, cancel, reopen) == expected[status]
