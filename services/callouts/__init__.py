"""Emergency call-outs 应急分队 (issue 8): raise, answer, widen, close, the live roll and the timeline.

Every change is one short transaction that records the change, its timeline event, and the outbox messages it
causes (at `domain.callouts.PRIORITY`, so they overtake routine notices; quiet hours and mutes are not consulted).
The caller's live roll is one message (`co:roll:<id>`) that later changes edit; an edit still waiting in the outbox
is replaced by the newer one, so a burst of answers costs one edit, not dozens.

The modules, each one concern: `model` (settings, refusals, button data, views), `access` (who may raise or manage),
`views` (reading), `texts` (the alert and the live roll), `alerts` (the outbox and the timeline events), `raising`,
`answers` (answering and closing), `widening` (the periodic watch), `neighbours`. The timeline export, a
workbook, is `reports.callout_export.export`.
"""

from services.callouts.access import communities_for as communities_for
from services.callouts.access import load_raiser as load_raiser
from services.callouts.answers import answer as answer
from services.callouts.answers import check_answer as check_answer
from services.callouts.answers import check_manage as check_manage
from services.callouts.answers import close as close
from services.callouts.model import CANNOT as CANNOT
from services.callouts.model import END as END
from services.callouts.model import EXPORT as EXPORT
from services.callouts.model import GO as GO
from services.callouts.model import PREFIX as PREFIX
from services.callouts.model import ROLL_REFRESH as ROLL_REFRESH
from services.callouts.model import ROLL_REFRESH_FOR as ROLL_REFRESH_FOR
from services.callouts.model import CalloutConfig as CalloutConfig
from services.callouts.model import CalloutError as CalloutError
from services.callouts.model import CalloutView as CalloutView
from services.callouts.model import Draft as Draft
from services.callouts.model import EventView as EventView
from services.callouts.model import Outcome as Outcome
from services.callouts.model import TargetView as TargetView
from services.callouts.model import button_data as button_data
from services.callouts.neighbours import neighbour_names as neighbour_names
from services.callouts.neighbours import neighbours_of as neighbours_of
from services.callouts.neighbours import set_neighbours as set_neighbours
from services.callouts.raising import raise_callout as raise_callout
from services.callouts.texts import PLACEABLE_MAX as PLACEABLE_MAX
from services.callouts.texts import REASON_SHORT as REASON_SHORT
from services.callouts.texts import ROLL_MAX as ROLL_MAX
from services.callouts.texts import alert_buttons as alert_buttons
from services.callouts.texts import alert_text as alert_text
from services.callouts.texts import kind_label as kind_label
from services.callouts.texts import place_text as place_text
from services.callouts.texts import roll_buttons as roll_buttons
from services.callouts.texts import roll_text as roll_text
from services.callouts.texts import what_where as what_where
from services.callouts.views import get_callout as get_callout
from services.callouts.views import get_managed as get_managed
from services.callouts.views import recent as recent
from services.callouts.views import timeline as timeline
from services.callouts.widening import watch as watch
