"""Paired and seconded cadres' community days: check in and out, the week's tally, next week's plan, and requests to
move a planned day, decided by the community Party secretary. Every change is committed before the person is told;
notifications are queued in the same transaction (outbox).

One module a concern, each imported only from those listed before it: `week` (a cadre's posting and week), `days`
(checking in and out), `plans` (next week's plan), `moves` (moving a planned day, the secretary's decision), `tally`
(the week's tally). Everything is re-exported here.
"""

from __future__ import annotations

from services.attendance.days import CheckinOutcome as CheckinOutcome
from services.attendance.days import CheckinResult as CheckinResult
from services.attendance.days import CheckoutOutcome as CheckoutOutcome
from services.attendance.days import check_in as check_in
from services.attendance.days import check_out as check_out
from services.attendance.moves import MOVE_CALLBACK as MOVE_CALLBACK
from services.attendance.moves import REASON_MAX as REASON_MAX
from services.attendance.moves import DecideOutcome as DecideOutcome
from services.attendance.moves import Decision as Decision
from services.attendance.moves import MoveOutcome as MoveOutcome
from services.attendance.moves import Recipient as Recipient
from services.attendance.moves import day_label as day_label
from services.attendance.moves import decide_move as decide_move
from services.attendance.moves import polite_time as polite_time
from services.attendance.moves import request_move as request_move
from services.attendance.moves import secretaries_of as secretaries_of
from services.attendance.plans import PlanOutcome as PlanOutcome
from services.attendance.plans import move_targets as move_targets
from services.attendance.plans import save_plan as save_plan
from services.attendance.tally import CadreWeek as CadreWeek
from services.attendance.tally import weekly_tally as weekly_tally
from services.attendance.week import APPROVED as APPROVED
from services.attendance.week import DECLINED as DECLINED
from services.attendance.week import PENDING as PENDING
from services.attendance.week import DayRecord as DayRecord
from services.attendance.week import Posting as Posting
from services.attendance.week import WeekStatus as WeekStatus
from services.attendance.week import local_today as local_today
from services.attendance.week import posting_of as posting_of
from services.attendance.week import week_status as week_status
