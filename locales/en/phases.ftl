## Pilot phases (issue 17): the roll-out phase each community is in, set by an administrator

phase-pilot = pilot
phase-rollout = full roll-out
phase-consolidation = consolidation
phase-none = not set

btn-phases = 🧭 Roll-out phases
phases-title = 🧭 <b>Communities' roll-out phases</b>
phases-intro = Choose a community to set its phase (pilot, full roll-out, consolidation). A community with no phase set counts for every feature.
phases-empty = There are no communities on the roster yet; import the roster first.
phases-item = { $community } · { $phase }
phases-current = <b>{ $community }</b>
    Phase now: { $phase }{ $since }
phases-since = { " " }(since { $date })
phases-choose = Choose the new phase:
phases-confirm = Set <b>{ $community }</b> to “{ $phase }” from { $date }?
btn-phases-confirm = ✅ Confirm
phases-done = { $community } is now in “{ $phase }” (since { $date }).
phases-unchanged = { $community } is already in “{ $phase }”; nothing changed.

roster-err-unknown-phase = phase “{ $value }” not recognised; write one of: { $phases }
roster-err-phase-needs-community = a phase is given, so exactly one community must be
roster-err-phase-conflict = { $community } has a different phase on row { $first_row }

digest-phase-title = 🧭 <b>Pilot and other communities</b>
digest-phase-pilot = Pilot ({ $communities } communities): { $logs } logs, { $problems } problems; response { $response } · resolution { $resolution } · satisfaction { $satisfaction }
digest-phase-others = Others ({ $communities } communities): { $logs } logs, { $problems } problems; response { $response } · resolution { $resolution } · satisfaction { $satisfaction }
roster-tpl-phase = The 阶段 (phase) column is optional: the roll-out phase of the row's community (试点 pilot, 全面推行 full roll-out, 巩固提升 consolidation), set on import; one phase per community, blank leaves it as it is.
