"""The old path of `services.problems.register` (the monthly register 交办登记表), kept for its importers."""

from services.problems.register import RegisterItem as RegisterItem
from services.problems.register import RegisterView as RegisterView
from services.problems.register import assign_item as assign_item
from services.problems.register import default_register_month as default_register_month
from services.problems.register import may_view_register as may_view_register
from services.problems.register import preview as preview
from services.problems.register import register_sheet as register_sheet
from services.problems.register import register_view as register_view
from services.problems.register import sign_register as sign_register
from services.problems.register import submit_register as submit_register
