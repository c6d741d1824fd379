## Demo sandbox (gridbot demo, or gridbot run without BOT_TOKEN)
demo-seeded = Demo sub-district imported: { $people } people, { $communities } communities, { $grids } grids.
demo-kept = The database already has { $people } people; keeping them and not importing the demo roster.
demo-history = Two months of demo history added: { $logs } grid work logs, { $problems } problems and suggestions, { $checkins } community-day check-ins, { $sheets } prompt sheets, { $meetings } filed meetings, { $callouts } emergency { $callouts ->
        [one] call-out
       *[other] call-outs
    }.
demo-seed-failed = The demo roster has { $count } errors; nothing was imported and the sandbox did not start:
demo-port-busy = Port { $port } is already in use, so the sandbox cannot start. Run again on another port, e.g. with SANDBOX_PORT=8081 set.
demo-ready =
    ✅ The sandbox is running. Open the web chat in a browser:
    { $url }
    Pick a person on the left, send /start, then press “{ onboard-share-button }” to verify and see that role's main menu.
    Data is kept in { $database } and survives the next run; web chat history lives in memory only and is gone after a stop (verified people just send /start again to get their menu).
    Press Ctrl-C to stop.
demo-stopped = The sandbox has stopped.
# How each person is described in the web chat's person list, e.g. "张伟 · community Party secretary (幸福社区)"
demo-persona-title = { $name } · { $roles } ({ $units })
demo-persona-title-no-unit = { $name } · { $roles }
