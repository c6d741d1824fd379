"""Moved to `services.worklog.text` (how a work log reads in a message, and its buttons); kept for old imports."""

from services.worklog.text import APPROVE as APPROVE
from services.worklog.text import EDIT as EDIT
from services.worklog.text import PREFIX as PREFIX
from services.worklog.text import RETURN as RETURN
from services.worklog.text import SHANGHAI as SHANGHAI
from services.worklog.text import VIEW as VIEW
from services.worklog.text import author_buttons as author_buttons
from services.worklog.text import button_data as button_data
from services.worklog.text import categories_text as categories_text
from services.worklog.text import history_lines as history_lines
from services.worklog.text import local_time as local_time
from services.worklog.text import log_card as log_card
from services.worklog.text import problems_text as problems_text
from services.worklog.text import short_line as short_line
from services.worklog.text import sign_buttons as sign_buttons
from services.worklog.text import status_text as status_text
