"""The grid work log 网格工作纪实表: drafts, submission, the secretary's signature, history, the monthly submission.

Every function checks who is acting and re-checks the rules of `domain.worklog` (a dialog may be old, a button
forged): a refusal changes nothing. A change and the notifications it causes are committed in one transaction, before
the caller tells anyone it is done.

One module a concern, each imported only from those listed before it:

- `outcomes`: what the actions answer (Refusal, SignOutcome, MonthOutcome);
- `signers`: who may sign a community's logs (secretaries, sign delegates);
- `authors`: who is logging, and for which grids; `drafts`: the log still being written;
- `rows`: the month's logs as plain rows, for the workbook and the exports;
- `views`: reading logs (LogView), the signer's queue, lists; `text`: how a log reads in a message, its buttons;
- `submit`: submitting a log; `signing`: approving or returning it;
- `month`: a month's state, leaving logs out, reopening; `month_submit`: the monthly submission and its workbook seam.

Everything is re-exported here: `from services import worklog as service; service.submit_month(...)`. Setting a name
on the package (a test's monkeypatch of `enqueue` or `_rename`) sets it in the modules that use it, as when this was
one module.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from services.worklog import (
    authors,
    drafts,
    month,
    month_submit,
    outcomes,
    rows,
    signers,
    signing,
    submit,
    views,
)
from services.worklog.authors import Author as Author
from services.worklog.authors import GridChoice as GridChoice
from services.worklog.authors import author as author
from services.worklog.drafts import discard_draft as discard_draft
from services.worklog.drafts import load_draft as load_draft
from services.worklog.drafts import save_draft as save_draft
from services.worklog.month import MonthResult as MonthResult
from services.worklog.month import MonthState as MonthState
from services.worklog.month import _locked_month as _locked_month
from services.worklog.month import _month_refusal as _month_refusal
from services.worklog.month import exclude_unsigned as exclude_unsigned
from services.worklog.month import month_state as month_state
from services.worklog.month import reopen_month as reopen_month
from services.worklog.month_submit import _SUBMIT_ATTEMPTS as _SUBMIT_ATTEMPTS
from services.worklog.month_submit import CAPTION_MAX as CAPTION_MAX
from services.worklog.month_submit import PARTY_MASS_DEPARTMENT as PARTY_MASS_DEPARTMENT
from services.worklog.month_submit import MonthWorkbook as MonthWorkbook
from services.worklog.month_submit import _MonthChanged as _MonthChanged
from services.worklog.month_submit import _MonthRead as _MonthRead
from services.worklog.month_submit import _party_mass_staff as _party_mass_staff
from services.worklog.month_submit import _read_month as _read_month
from services.worklog.month_submit import _record_submission as _record_submission
from services.worklog.month_submit import _remove as _remove
from services.worklog.month_submit import _rename as _rename
from services.worklog.month_submit import _write_staged as _write_staged
from services.worklog.month_submit import enqueue as enqueue
from services.worklog.month_submit import install_month_workbook as install_month_workbook
from services.worklog.month_submit import submit_month as submit_month
from services.worklog.outcomes import MonthOutcome as MonthOutcome
from services.worklog.outcomes import Refusal as Refusal
from services.worklog.outcomes import SignOutcome as SignOutcome
from services.worklog.rows import _STATUSES as _STATUSES
from services.worklog.rows import _in_month as _in_month
from services.worklog.rows import linked_problems as linked_problems
from services.worklog.rows import month_log_select as month_log_select
from services.worklog.rows import stored_day as stored_day
from services.worklog.rows import stored_utc as stored_utc
from services.worklog.signers import _signer as _signer
from services.worklog.signers import set_delegate as set_delegate
from services.worklog.signers import signable_communities as signable_communities
from services.worklog.signers import signer as signer
from services.worklog.signers import signers_of as signers_of
from services.worklog.signing import Decision as Decision
from services.worklog.signing import SignResult as SignResult
from services.worklog.signing import _check_sign as _check_sign
from services.worklog.signing import _tell_author as _tell_author
from services.worklog.signing import approve_all as approve_all
from services.worklog.signing import check_sign as check_sign
from services.worklog.signing import sign as sign
from services.worklog.submit import LogInput as LogInput
from services.worklog.submit import Photo as Photo
from services.worklog.submit import Submitted as Submitted
from services.worklog.submit import _ask_to_sign as _ask_to_sign
from services.worklog.submit import check_input as check_input
from services.worklog.submit import locked_months as locked_months
from services.worklog.submit import submit_log as submit_log
from services.worklog.views import _LOADS as _LOADS
from services.worklog.views import Event as Event
from services.worklog.views import LogFilter as LogFilter
from services.worklog.views import LogView as LogView
from services.worklog.views import Page as Page
from services.worklog.views import _problems_of as _problems_of
from services.worklog.views import _to_view as _to_view
from services.worklog.views import _view as _view
from services.worklog.views import _views as _views
from services.worklog.views import can_view as can_view
from services.worklog.views import community_grids as community_grids
from services.worklog.views import community_people as community_people
from services.worklog.views import get_log as get_log
from services.worklog.views import list_logs as list_logs
from services.worklog.views import pending as pending

_PARTS = (authors, drafts, month, month_submit, outcomes, rows, signers, signing, submit, views)
_MISSING = object()


class _Package(ModuleType):
    """`services.worklog` as the one module it was: a name set here is set in every part that shares it."""

    def __setattr__(self, name: str, value: Any) -> None:
        shared = vars(self).get(name, _MISSING)
        if shared is not _MISSING:
            for part in _PARTS:
                if vars(part).get(name, _MISSING) is shared:
                    setattr(part, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
