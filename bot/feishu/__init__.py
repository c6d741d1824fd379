"""Feishu/Lark (issue 19): the same dialogs over a second messenger (docs/messengers.md).

Nothing here is imported unless FEISHU_APP_ID is set, and only the modules that talk to Feishu import `lark_oapi`
(1.5 s to import), inside their functions: `ids`, `markup` and `events` import none of it.
"""
