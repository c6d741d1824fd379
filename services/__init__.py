"""Use cases: one function per thing a person does, combining domain rules and storage; no Telegram."""
