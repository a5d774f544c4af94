"""An application's way through the office after the counter: the status model and the walk
through the standard's procedure steps.

    draft ──decide──> returned (dikembalikan) ──resume──> draft
      └────decide──> registered (terdaftar) ──first step──> in_process (diproses)
                     in_process ──next steps──> … ──last step──> ready (siap diambil)
                     ready ──handover──> done (selesai)
    any open state ──cancel (with a reason)──> cancelled (dibatalkan)
    cancelled / done ──reopen (admin, with a reason)──> the state it left

Steps are the catalog version's procedure steps, numbered from 1, recorded strictly in order:
each is done (with an optional note) or skipped (a reason is required). Recording the last one
makes the product ready for the applicant. Stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dinsos_desktop.domain.errors import ValidationError


class Status(StrEnum):
    DRAFT = "draft"
    RETURNED = "returned"
    REGISTERED = "registered"
    IN_PROCESS = "in_process"
    READY = "ready"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "sedang diperiksa",
    Status.RETURNED: "dikembalikan",
    Status.REGISTERED: "terdaftar",
    Status.IN_PROCESS: "diproses",
    Status.READY: "siap diambil",
    Status.DONE: "selesai",
    Status.CANCELLED: "dibatalkan",
}

OPEN = frozenset({Status.DRAFT, Status.RETURNED, Status.REGISTERED, Status.IN_PROCESS, Status.READY})
CLOSED = frozenset({Status.DONE, Status.CANCELLED})
# The office's clock runs while the file is with the office: these are the ones a queue watches.
RUNNING = frozenset({Status.REGISTERED, Status.IN_PROCESS})


class Action(StrEnum):
    DECIDE_COMPLETE = "registered"
    DECIDE_INCOMPLETE = "returned"
    RESUME = "resumed"
    STEP_DONE = "step_done"
    STEP_SKIPPED = "step_skipped"
    HANDOVER = "handed_over"
    CANCEL = "cancelled"
    REOPEN = "reopened"


class StepOutcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return "selesai" if self is StepOutcome.DONE else "dilewati"


# A standard whose decree lists no procedure steps still has its file worked on and finished:
# it walks one step of this name (so it becomes ready and can be handed over like any other).
IMPLICIT_STEP = "Penyelesaian layanan"


def procedure_of(steps: tuple[str, ...]) -> tuple[str, ...]:
    """The steps an application walks for a standard's ``procedure_steps``."""
    return steps or (IMPLICIT_STEP,)


MAX_NOTE = 500
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class Position:
    """Where an application stands: its status and how many of its ``total`` steps are recorded."""

    status: Status
    steps_recorded: int
    total_steps: int

    @property
    def current_step(self) -> int | None:
        """The step waiting to be recorded (1-based), or None when there is none."""
        if self.status in RUNNING and self.steps_recorded < self.total_steps:
            return self.steps_recorded + 1
        return None


def _refuse(message: str) -> ValidationError:
    return ValidationError({"status": message})


def _label(status: Status) -> str:
    return f"'{status.label}'"


def record_step(position: Position, step_no: int, outcome: StepOutcome, note: str) -> Status:
    """The status after recording step ``step_no``. Refused (ValidationError) unless the
    application is registered or in process and ``step_no`` is the step waiting; a skip needs a
    reason."""
    note = note.strip()
    if position.status not in RUNNING:
        raise _refuse(f"Langkah hanya dapat dicatat untuk berkas yang terdaftar atau diproses; "
                      f"berkas ini {_label(position.status)}.")
    if not 1 <= step_no <= position.total_steps:
        raise ValidationError({"step": f"Langkah {step_no} tidak ada pada standar ini."})
    expected = position.steps_recorded + 1
    if step_no < expected:
        raise ValidationError({"step": f"Langkah {step_no} sudah dicatat."})
    if step_no > expected:
        raise ValidationError({"step": f"Langkah {expected} belum dicatat; langkah dicatat "
                                       "berurutan."})
    if outcome is StepOutcome.SKIPPED and not note:
        raise ValidationError({"note": "Alasan wajib diisi bila langkah dilewati."})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Catatan paling panjang {MAX_NOTE} karakter."})
    return Status.READY if step_no == position.total_steps else Status.IN_PROCESS


def check_handover(status: Status) -> Status:
    if status is not Status.READY:
        raise _refuse(f"Produk hanya dapat diserahkan bila berkas 'siap diambil'; berkas ini "
                      f"{_label(status)}.")
    return Status.DONE


def check_reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": f"Alasan {what} wajib diisi."})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"Alasan paling panjang {MAX_REASON} karakter."})
    return reason


def check_cancel(status: Status, reason: str) -> str:
    if status not in OPEN:
        raise _refuse(f"Berkas {_label(status)} tidak dapat dibatalkan; buka kembali dahulu.")
    return check_reason(reason, "pembatalan")


def reopen_target(status: Status, status_before: Status | None, reason: str) -> Status:
    """The status a reopened application returns to: a cancelled one to the state it was
    cancelled from, a finished one to 'siap diambil' (the handover is kept in the history)."""
    if status not in CLOSED:
        raise _refuse(f"Hanya berkas yang selesai atau dibatalkan yang dapat dibuka kembali; "
                      f"berkas ini {_label(status)}.")
    check_reason(reason, "membuka kembali")
    if status is Status.DONE:
        return Status.READY
    if status_before is None or status_before in CLOSED:
        return Status.REGISTERED
    return status_before
