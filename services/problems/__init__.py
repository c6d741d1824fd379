"""Problems and suggestions: report, move through the lifecycle, 即报即办 pushes, what waits for whom.

Each function is one thing a person (or the clock) does: it checks the rule in `domain.problems` against the item as
it is now, writes the change, its history entry and its notifications in one transaction, and returns plain data.

The modules, each one concern: `config` (settings and the refusal), `labels`, `people` (who acts, who is concerned),
`reporting` (a new item), `duplicates` (the duplicate hint), `moves` (the lifecycle), `cards` (an item as data and as
its viewer sees it), `notices` (telling those concerned), `notify` (the cards and notices in the outbox), `urgent`
(即报即办), `hotline` and `hotline_card` (12345 work orders: their steps, and their lines and buttons on the card),
`views` (history, what waits for whom) and `register` (the monthly register; imported on its own, as
`services.problems.register`, since it writes a workbook).
"""

from services.problems.cards import Card as Card
from services.problems.cards import card as card
from services.problems.cards import render_card as render_card
from services.problems.config import ProblemConfig as ProblemConfig
from services.problems.config import ProblemError as ProblemError
from services.problems.duplicates import SimilarItem as SimilarItem
from services.problems.duplicates import link_duplicate as link_duplicate
from services.problems.duplicates import similar_open_items as similar_open_items
from services.problems.hotline import StepOutcome as StepOutcome
from services.problems.hotline import record_step as record_step
from services.problems.labels import category_label as category_label
from services.problems.labels import status_label as status_label
from services.problems.moves import apply_move as apply_move
from services.problems.moves import check_leader_and_due as check_leader_and_due
from services.problems.moves import locked_problem as locked_problem
from services.problems.moves import moves_for as moves_for
from services.problems.notices import notify_change as notify_change
from services.problems.people import leaders_of as leaders_of
from services.problems.people import load_person as load_person
from services.problems.people import office_staff as office_staff
from services.problems.people import people_by_community as people_by_community
from services.problems.people import people_with as people_with
from services.problems.reporting import Draft as Draft
from services.problems.reporting import GridChoice as GridChoice
from services.problems.reporting import create_problem as create_problem
from services.problems.reporting import grids_for as grids_for
from services.problems.reporting import validate_draft as validate_draft
from services.problems.urgent import acknowledge as acknowledge
from services.problems.urgent import resend_unacknowledged as resend_unacknowledged
from services.problems.urgent import urgent_recipients as urgent_recipients
from services.problems.views import HistoryEntry as HistoryEntry
from services.problems.views import PendingItem as PendingItem
from services.problems.views import history as history
from services.problems.views import pending_items as pending_items
from services.problems.views import register_exists as register_exists
