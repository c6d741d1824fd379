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

## Reaching Telegram at start-up (issue 15)
cli-telegram-unreachable = Cannot reach Telegram ({ $server }{ $proxy ->
        [none] {""}
       *[other] {" "}through the proxy { $proxy }
    }: { $reason ->
        [timeout] connection timed out
        [refused] connection refused
        [dns] host name not found
        [tls] TLS certificate error
        [proxy] the proxy failed
        [reset] connection cut
        [server] server error
        [answer] the answer is not the Bot API's
       *[other] network error
    }); check the network, or set TELEGRAM_API_BASE / TELEGRAM_PROXY. Trying again in { $seconds } s.
cli-telegram-token-refused = Telegram ({ $server }) refused the BOT_TOKEN: check that it is the token @BotFather gave (a reset token replaces the old one). The bot did not start.
cli-telegram-refused = { $server } did not answer as a Telegram Bot API server ({ $error }): check TELEGRAM_API_BASE. The bot did not start.
cli-telegram-proxy-invalid = TELEGRAM_PROXY is not a proxy URL: it should look like http://host:port or socks5://user:password@host:port (socks4:// works too). The bot did not start.
cli-telegram-proxy-missing = TELEGRAM_PROXY is set but aiohttp-socks is missing: run pip install aiohttp-socks. The bot did not start.

## The database an admin command acts on
cli-database = Database (DATABASE_URL): { $database }
cli-database-sandbox = Sandbox database (SANDBOX_DATABASE_URL, apart from the real DATABASE_URL): { $database }

## gridbot --help
cli-help-description = GridBot: a Telegram bot for sub-district grid governance. Settings: .env.example; language: DEFAULT_LOCALE.
cli-help-usage = usage:{" "}
cli-help-commands = commands
cli-help-command = COMMAND
cli-help-positionals = arguments
cli-help-options = options
cli-help-help = show this help and exit
cli-help-error = { $prog }: error: { $message }
cli-help-run = run the bot (no BOT_TOKEN: the local sandbox)
cli-help-demo = seed the demo sub-district and open the sandbox web chat (on the sandbox's own database)
cli-help-db = database migrations
cli-help-db-action = upgrade or downgrade
cli-help-db-revision = target revision (default: head to upgrade, -1 to downgrade)
cli-help-roster = import a roster or write an empty template
cli-help-roster-action = import or template
cli-help-roster-path = roster file (.xlsx or .csv)
cli-help-roster-subdistrict = sub-district name when the file has no 街道 column
cli-help-invite = print a one-time invite link for the roster person with this phone
cli-help-phone = phone number on the roster
cli-help-delegate = let the roster person with this phone sign the community's work logs for its secretary
cli-help-community = community name
cli-help-delegate-remove = take the right away again
cli-help-person = show the roster person with this phone, unbind their Telegram account, deactivate or activate them
cli-help-person-action = show, unbind, deactivate or activate
cli-help-neighbours = show or set the communities a widened emergency call-out of the community reaches
cli-help-neighbours-list = neighbouring communities, comma-separated; "" clears; left out: just show them
cli-help-calendar = the working calendar: load a year from a file, or show the years
cli-help-calendar-action = load or show
cli-help-calendar-path = calendar file (format: README, "Working calendar")
cli-help-point = set a community's check-in point and radius (metres)
cli-help-latitude = latitude
cli-help-longitude = longitude
cli-help-radius = radius in metres (default CHECKIN_RADIUS_M)
