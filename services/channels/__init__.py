"""Group robots (issue 20): WeCom, DingTalk and Feishu custom robots of the work groups receive the digests and
alerts through the outbox. `model` (plain data), `render` (HTML to markdown, cutting between lines), `masking`,
`robot` and one module per kind (`wecom`, `dingtalk`, `feishu`: the rules, messages, signed requests and answers),
`robots` (them by name), `registry` (add, list, remove, broken), `fanout` (queuing for the robots that take a
message), `texts` (the messages of each kind for a group). The HTTP calls are the bot's (`bot.sender.robots`).
"""
