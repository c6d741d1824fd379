"""Photos people send are kept in MEDIA_DIR: `storage.media` keeps them (below the dialogs that receive them);
re-exported here for the bot floor."""

from __future__ import annotations

from storage.media import FileSource as FileSource
from storage.media import keep_photo as keep_photo
