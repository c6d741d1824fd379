"""When to tell whom what: reminder kinds (`reminders.kinds`), the engine that runs one kind for one slot exactly
once (`reminders.engine`), and the APScheduler wiring (`reminders.scheduler`)."""
