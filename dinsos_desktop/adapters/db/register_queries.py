"""The SQL behind the Register Permohonan and the service performance summary
(services/registers.py defines what they count).

A period holds the applications registered in it (``received_at`` in range) and those returned
incomplete in it and not registered in it (a 'returned' event in range): two index ranges
(migration 0006), joined by UNION ALL. Each application's outcome is one CASE expression, the same
in the register's rows and in the summary, which groups in SQL: per standard row and outcome, and
for finished files per (day received, day finished) in office time (a few hundred groups for a
month of 20,000 files), so that the working days taken are counted on the office calendar once per
group rather than once per file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    extract,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from dinsos_desktop.adapters.db.models import (
    RETURNED_EVENT_SQL,
    ApplicationEventRow,
    ApplicationRow,
    CatalogBidangRow,
    CatalogVersionRow,
    CitizenRow,
    InstitutionRow,
    StandardRow,
    UserRow,
)
from dinsos_desktop.domain.performance import Outcome
from dinsos_desktop.services.register_dto import (
    OutcomeCount,
    RegisterOrder,
    RegisterRecord,
    StandardRef,
)

_A = ApplicationRow.__table__
_E = ApplicationEventRow.__table__
_STD = StandardRow.__table__
_BIDANG = CatalogBidangRow.__table__
_VERSION = CatalogVersionRow.__table__
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_OUTCOMES = {o.value: o for o in Outcome}
_DAY = 86400


def _text(value: str) -> ColumnElement[str]:
    """A constant string written into the SQL (not a parameter: PostgreSQL must know its type
    in a UNION and a CASE)."""
    return literal_column(f"'{value}'", String)


def _registered_in(start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    # received_at is set when the file is registered, together with its tracking number.
    return and_(_A.c.received_at >= start, _A.c.received_at < end,
                _A.c.tracking_number.is_not(None))


def _not_registered_in(start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    return or_(_A.c.tracking_number.is_(None), _A.c.received_at.is_(None),
               _A.c.received_at < start, _A.c.received_at >= end)


def _returned_in(start: dt.datetime, end: dt.datetime) -> Subquery:
    """(application id, its first return in the period) of every file returned in the period:
    a range of the partial index on 'returned' events (its predicate written out as in the
    index, for SQLite's planner)."""
    return (select(_E.c.application_id.label("id"), func.min(_E.c.at).label("at"))
            .where(literal_column(RETURNED_EVENT_SQL), _E.c.at >= start, _E.c.at < end)
            .group_by(_E.c.application_id)
            .subquery("r"))


def _finished_moment() -> ColumnElement[Any]:
    # The product ready ends the office's part; a finished file always has ready_at (a handover
    # needs 'siap diambil'), finished_at (the handover) only backs it up.
    return func.coalesce(_A.c.ready_at, _A.c.finished_at)


def _is_finished() -> ColumnElement[bool]:
    return _A.c.status.in_(("ready", "done"))


def outcome_of_registered(now: dt.datetime) -> ColumnElement[str]:
    """The outcome of a file registered in the period (domain.performance.Outcome values)."""
    finished = _is_finished()
    due = _A.c.due_at
    return case(
        (_A.c.status == "cancelled", _text(Outcome.CANCELLED)),
        (and_(finished, due.is_(None)), _text(Outcome.FINISHED_NO_LIMIT)),
        (and_(finished, _finished_moment() <= due), _text(Outcome.ON_TIME)),
        (finished, _text(Outcome.LATE)),
        (due.is_(None), _text(Outcome.OPEN_NO_LIMIT)),
        (due < now, _text(Outcome.OVERDUE)),
        else_=_text(Outcome.OPEN),
    )


def _local_day(moment: ColumnElement[Any], offset_seconds: int, dialect: str) -> ColumnElement[int]:
    """Days from 1 January 1970 to the office-time date of ``moment`` (an integer: groups well)."""
    if dialect == "postgresql":
        return cast(func.floor((extract("epoch", moment) + offset_seconds) / _DAY), Integer)
    # SQLite keeps UTC text; strftime('%s') reads it as whole seconds, integer division floors.
    return (cast(func.strftime("%s", moment), Integer) + offset_seconds) // _DAY


def _day(value: int | None) -> dt.date | None:
    return None if value is None else dt.date.fromordinal(_EPOCH_ORDINAL + int(value))


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


class SqlRegisterQueries:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _dialect(self) -> str:
        return self.s.get_bind().dialect.name

    def _run(self, query: Select[Any]) -> Sequence[Any]:
        # Core on the session's connection: no ORM result machinery for thousands of plain rows.
        return self.s.connection().execute(query).all()

    def _period(self, start: dt.datetime, end: dt.datetime, now: dt.datetime, *,
                registered_extra: Sequence[ColumnElement[Any]] = (),
                returned_extra: Sequence[ColumnElement[Any]] = ()) -> Subquery:
        """The period's applications, one row each: (id, standard_id, at, outcome, extras…)."""
        returned = _returned_in(start, end)
        registered_rows = select(_A.c.id.label("id"), _A.c.standard_id.label("standard_id"),
                                 _A.c.received_at.label("at"),
                                 outcome_of_registered(now).label("outcome"),
                                 *registered_extra).where(_registered_in(start, end))
        returned_rows = (select(returned.c.id, _A.c.standard_id, returned.c.at,
                                _text(Outcome.RETURNED), *returned_extra)
                         .select_from(returned.join(_A, _A.c.id == returned.c.id))
                         .where(_not_registered_in(start, end)))
        return union_all(registered_rows, returned_rows).subquery("k")

    # ------------------------------------------------------------------ the summary

    def outcome_counts(self, start: dt.datetime, end: dt.datetime, now: dt.datetime,
                       utc_offset: dt.timedelta) -> Sequence[OutcomeCount]:
        offset = int(utc_offset.total_seconds())
        dialect = self._dialect()
        finished = _is_finished()
        no_day = cast(null(), Integer)
        k = self._period(
            start, end, now,
            registered_extra=(
                case((finished, _local_day(_A.c.received_at, offset, dialect)),
                     else_=no_day).label("received_day"),
                case((finished, _local_day(_finished_moment(), offset, dialect)),
                     else_=no_day).label("finished_day")),
            returned_extra=(no_day, no_day))
        query = (select(k.c.standard_id, k.c.outcome, k.c.received_day, k.c.finished_day,
                        func.count())
                 .group_by(k.c.standard_id, k.c.outcome, k.c.received_day, k.c.finished_day))
        days: dict[int | None, dt.date | None] = {None: None}
        counts = []
        for standard_id, outcome, received, done, n in self._run(query):
            if received not in days:
                days[received] = _day(received)
            if done not in days:
                days[done] = _day(done)
            counts.append(OutcomeCount(standard_id, _OUTCOMES[outcome], days[received], days[done],
                                       n))
        return counts

    # ------------------------------------------------------------------ the register

    def _records_query(self, start: dt.datetime, end: dt.datetime, now: dt.datetime,
                       order: RegisterOrder) -> Select[Any]:
        k = self._period(start, end, now)
        query = (
            select(k.c.id, k.c.standard_id, k.c.outcome, k.c.at, _A.c.tracking_number,
                   _A.c.return_slip_number, _A.c.status, _A.c.received_at, _A.c.due_at,
                   _A.c.due_is_clock_time, _A.c.ready_at, _A.c.finished_at,
                   CitizenRow.full_name, CitizenRow.nik, InstitutionRow.name,
                   func.coalesce(UserRow.full_name, ""))
            .select_from(k)
            .join(_A, _A.c.id == k.c.id)
            .outerjoin(CitizenRow, CitizenRow.id == _A.c.citizen_id)
            .outerjoin(InstitutionRow, InstitutionRow.id == _A.c.institution_id)
            .outerjoin(UserRow, UserRow.id == _A.c.officer_user_id)
        )
        if order is RegisterOrder.BY_STANDARD:
            query = (query.join(_STD, _STD.c.id == k.c.standard_id)
                     .outerjoin(_BIDANG, and_(_BIDANG.c.version_id == _STD.c.version_id,
                                              _BIDANG.c.code == _STD.c.bidang_code))
                     .order_by(_BIDANG.c.position.nulls_last(), _STD.c.bidang_code,
                               _STD.c.position, _STD.c.code, k.c.at, k.c.id))
        else:
            query = query.order_by(k.c.at, k.c.id)
        return query

    def records(self, start: dt.datetime, end: dt.datetime, now: dt.datetime, *,
                order: RegisterOrder, limit: int | None = None,
                offset: int = 0) -> Sequence[RegisterRecord]:
        query = self._records_query(start, end, now, order)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        elif offset:
            query = query.offset(offset)
        return [
            RegisterRecord(
                application_id=i, standard_id=standard_id, outcome=_OUTCOMES[outcome],
                at=_utc(at) or at, tracking_number=tracking, return_slip_number=slip,
                status=status, received_at=_utc(received), due_at=_utc(due),
                due_is_clock_time=bool(clock), ready_at=_utc(ready), finished_at=_utc(finished),
                citizen_name=citizen, citizen_nik=nik, institution_name=institution,
                officer_name=officer)
            for (i, standard_id, outcome, at, tracking, slip, status, received, due, clock, ready,
                 finished, citizen, nik, institution, officer) in self._run(query)]

    def count(self, start: dt.datetime, end: dt.datetime) -> int:
        # The outcome does not matter here; any moment will do for it.
        k = self._period(start, end, end)
        return int(self.s.connection().execute(select(func.count()).select_from(k)).scalar_one())

    # ------------------------------------------------------------------ the catalog

    def standards(self) -> Sequence[StandardRef]:
        query = (
            select(_STD.c.id, _STD.c.version_id, _VERSION.c.is_active, _STD.c.code, _STD.c.title,
                   _STD.c.position, _STD.c.bidang_code, func.coalesce(_BIDANG.c.name, ""),
                   _BIDANG.c.position, _STD.c.time_limit_value, _STD.c.time_limit_unit)
            .join(_VERSION, _VERSION.c.id == _STD.c.version_id)
            .outerjoin(_BIDANG, and_(_BIDANG.c.version_id == _STD.c.version_id,
                                     _BIDANG.c.code == _STD.c.bidang_code))
            .order_by(_STD.c.version_id, _STD.c.position)
        )
        return [StandardRef(i, version, bool(active), code, title, position, bidang, bidang_name,
                            bidang_position, value, unit)
                for (i, version, active, code, title, position, bidang, bidang_name,
                     bidang_position, value, unit) in self._run(query)]
