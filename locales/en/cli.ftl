## Command line
cli-no-token = BOT_TOKEN is not set: starting the local sandbox (a Bot API emulator with a web chat).
cli-db-done = Database migration done ({ $action }).
cli-template-written = Roster template written: { $path }
cli-file-missing = File not found: { $path }
cli-roster-rejected = The roster has { $count } errors; nothing was imported and the database is unchanged:
cli-invite-unknown = Nobody with phone { $phone } is on the roster; import the roster first.
cli-invite-created = One-time invite link for { $name }, valid for { $days } days:
cli-config-error = Configuration error (environment or .env): { $error }
cli-delegate-delegated = The person with phone { $phone } may now sign { $community }'s work logs for its Party secretary.
cli-delegate-removed = The person with phone { $phone } may no longer sign { $community }'s work logs.
cli-delegate-no-person = Nobody on the roster has the phone number { $phone }.
cli-delegate-no-community = There is no community named "{ $community }" on the roster.
