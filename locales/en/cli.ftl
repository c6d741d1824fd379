## Command line
cli-no-token = BOT_TOKEN is not set: starting the local sandbox (a Bot API emulator with a web chat).
cli-db-done = Database migration done ({ $action }).
cli-template-written = Roster template written: { $path }
cli-file-missing = File not found: { $path }
cli-roster-rejected = The roster has { $count } errors; nothing was imported and the database is unchanged:
cli-invite-unknown = Nobody with phone { $phone } is on the roster; import the roster first.
cli-invite-created = One-time invite link for { $name }, valid for { $days } days:
cli-config-error = Configuration error (environment or .env): { $error }
cli-misspelled-setting = Note: { $given } is not a setting and is ignored; did you mean { $meant }?
cli-delegate-delegated = The person with phone { $phone } may now sign { $community }'s work logs for its Party secretary.
cli-delegate-removed = The person with phone { $phone } may no longer sign { $community }'s work logs.
cli-delegate-no-person = Nobody on the roster has the phone number { $phone }.
cli-delegate-no-community = There is no community named "{ $community }" on the roster.
cli-person-unknown = Nobody on the roster has the phone number { $phone }; nothing was changed.
cli-person-show = { $name } (phone { $phone })
    Roles: { $roles }
    Telegram account: { $bound ->
        [yes] bound
       *[no] not bound
    }
    Status: { $state ->
        [deactivated] deactivated
        [blocked] blocked the bot (active again once they write)
       *[active] active
    }
cli-person-role-in = { $role } ({ $community })
cli-person-unbind-done = { $name } (phone { $phone }) is no longer bound to their Telegram account; the old account can no longer act as them, and they can bind again by sharing their phone or with an invite link.
cli-person-unbind-unchanged = { $name } (phone { $phone }) has no Telegram account bound; nothing was changed.
cli-person-deactivate-done = { $name } (phone { $phone }) is deactivated: the bot refuses them and sends them no reminders or notifications.
cli-person-deactivate-unchanged = { $name } (phone { $phone }) is already deactivated; nothing was changed.
cli-person-activate-done = { $name } (phone { $phone }) is active again.
cli-person-activate-unchanged = { $name } (phone { $phone }) was already active; nothing was changed.
cli-instance-running = Another GridBot instance is using the same database ({ $where }); this one did not start. Without REDIS_URL only one instance may run per database; to run several, give them the same REDIS_URL and use webhook mode.
